// End to end: graceful drain: goaway before hello too, goaway then 1001, and every acked
// publish still there after the restart (PROTOCOL.md section 9 "Shutdown").
#include "jsonassert.h"
#include "livenesstest.h"
#include "rawwebsocket.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QTest>

#include <map>
#include <set>

using namespace roomcast::test;

class TstDrain : public QObject, private LivenessRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY2(startRig(), m_fx->lastError.c_str()); }
    void cleanup() { releaseRig(); }

    void drainSendsGoawayBeforeHelloToo()
    {
        RawWebSocket early; // upgraded, no hello yet
        QVERIFY(early.open(m_fx->url()));
        m_fx->stop();
        auto goaway = early.waitFor("goaway");
        QVERIFY(goaway);
        QVERIFY((*goaway)["reconnect_in_ms"].is_number_integer());
        QTRY_COMPARE(early.closeCode(), 1001);
    }

    void drainSendsGoawayThen1001()
    {
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < 5; ++i) {
            clients.push_back(std::make_unique<TestClient>());
            QVERIFY(clients.back()->connectAndHello(m_fx->url(),
                                                    m_fx->token("user" + std::to_string(i))));
        }
        m_fx->stop();

        std::set<std::int64_t> delays;
        for (auto &c : clients) {
            auto goaway = c->waitFor("goaway", 2000);
            QVERIFY2(goaway, "no goaway before the close");
            QCOMPARE(str((*goaway)["reason"]), QStringLiteral("shutdown"));
            QVERIFY2((*goaway)["reconnect_in_ms"].is_number_integer(),
                     qPrintable(js((*goaway)["reconnect_in_ms"])));
            const auto delay = (*goaway)["reconnect_in_ms"].get<std::int64_t>();
            QVERIFY2(delay >= 0 && delay <= kDrainWindowMs, qPrintable(QString::number(delay)));
            delays.insert(delay);
            QCOMPARE(c->waitClosed(3000), 1001);
        }
        // Drawn per connection: five equal draws from 0..1000 would be a 1e-12 accident.
        QVERIFY2(delays.size() > 1, "every connection got the same reconnect_in_ms");
    }

    void ackedPublishSurvivesRestart()
    {
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("alice")));
        constexpr int kCount = 20;
        for (int i = 0; i < kCount; ++i) {
            publisher.send({{"type", "publish"},
                            {"id", i},
                            {"room", "durable"},
                            {"kind", "chat"},
                            {"body", {{"text", "message " + std::to_string(i)}}},
                            {"client_msg_id", "m" + std::to_string(i)}});
        }
        auto first = publisher.waitFor("ack", 5000);
        QVERIFY(first);
        m_fx->stop(); // SIGTERM while the rest may still be in flight

        // Every publish the node acknowledged must be stored.
        std::map<std::int64_t, std::string> acked; // seq -> text
        auto record = [&acked](const Json &ack) {
            const int i = ack["id"].get<int>();
            acked.emplace(ack["seq"].get<std::int64_t>(), "message " + std::to_string(i));
        };
        record(*first);
        for (const Json &ack : publisher.take("ack"))
            record(ack);
        QCOMPARE(publisher.waitClosed(3000), 1001);

        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        TestClient reader;
        QVERIFY(reader.connectAndHello(m_fx->url(), m_fx->token("bob")));
        auto history = reader.request({{"type", "history"}, {"room", "durable"}, {"limit", 500}});
        QVERIFY(history);
        QCOMPARE(str((*history)["type"]), QStringLiteral("history"));
        std::map<std::int64_t, std::string> stored;
        for (const Json &m : (*history)["messages"])
            stored.emplace(m["seq"].get<std::int64_t>(), m["body"]["text"].get<std::string>());
        for (const auto &[seq, text] : acked) {
            QVERIFY2(stored.count(seq), qPrintable(QStringLiteral("acked seq %1 lost").arg(seq)));
            QCOMPARE(QString::fromStdString(stored[seq]), QString::fromStdString(text));
        }
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstDrain)
#include "tst_drain.moc"
