// End to end: hostile and broken connections: other paths, plain GETs, silent TCP, no hello,
// slow consumers (PROTOCOL.md sections 1, 2; docs/protocol.md appendix: paths, handshake
// timeout, slow consumers).
#include "abusetest.h"
#include "jsonassert.h"
#include "rawwebsocket.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QElapsedTimer>

#include <QTest>
#include <vector>

using namespace roomcast::test;

class TstAbuseConnections : public QObject, private AbuseRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { prepareRig(); }
    void cleanup() { releaseRig(); }

    void otherPathIs404_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("upgrade");
        QTest::newRow("plain GET /other") << QByteArrayLiteral("/other") << false;
        QTest::newRow("upgrade /other") << QByteArrayLiteral("/other") << true;
        QTest::newRow("upgrade /ws/x") << QByteArrayLiteral("/ws/x") << true;
        QTest::newRow("upgrade /") << QByteArrayLiteral("/") << true;
    }
    void otherPathIs404()
    {
        QFETCH(QByteArray, path);
        QFETCH(bool, upgrade);
        QVERIFY(start());
        RawWebSocket raw;
        QVERIFY(raw.connectTcp(m_fx->url()));
        if (upgrade) {
            QVERIFY(!raw.upgrade(path));
        } else {
            raw.writeRaw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            QVERIFY(raw.waitHttpHead());
        }
        QVERIFY2(raw.httpHead().startsWith("HTTP/1.1 404"), raw.httpHead().constData());
        QVERIFY(raw.waitDisconnected());
        // /ws itself is still upgraded.
        RawWebSocket ok;
        QVERIFY(ok.open(m_fx->url()));
    }

    void plainGetOnWsIs426()
    {
        QVERIFY(start());
        RawWebSocket raw;
        QVERIFY(raw.connectTcp(m_fx->url()));
        raw.writeRaw("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY(raw.waitHttpHead());
        QVERIFY2(raw.httpHead().startsWith("HTTP/1.1 426"), raw.httpHead().constData());
        QVERIFY(raw.httpHead().toLower().contains("upgrade: websocket"));
        QVERIFY(raw.waitDisconnected());
    }

    void silentTcpIsDropped_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("half a request head")
            << QByteArrayLiteral("GET /ws HTTP/1.1\r\nHost: x\r\n");
    }
    void silentTcpIsDropped()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(start()); // the hello timeout doubles as the handshake timeout
        RawWebSocket raw;
        QVERIFY(raw.connectTcp(m_fx->url()));
        QElapsedTimer since;
        since.start();
        if (!bytes.isEmpty())
            raw.writeRaw(bytes);
        QVERIFY2(raw.waitDisconnected(kHelloTimeoutMs + 3000),
                 "a TCP client that never upgrades was not dropped after the handshake timeout");
        QVERIFY2(since.elapsed() >= kHelloTimeoutMs - 50,
                 qPrintable(QStringLiteral("dropped after %1 ms").arg(since.elapsed())));
    }

    void noHelloIs4002()
    {
        QVERIFY(start());
        TestClient c;
        QVERIFY(c.open(m_fx->url()));
        QElapsedTimer since;
        since.start();
        QCOMPARE(c.waitClosed(kHelloTimeoutMs + 3000), 4002);
        QVERIFY(since.elapsed() >= kHelloTimeoutMs - 50);
    }

    void slowConsumerIsCutOff()
    {
        m_fx->config.slowConsumerBytes = 64 * 1024;
        m_fx->config.publishRate = 1e6;
        m_fx->config.publishBurst = 1000000;
        m_fx->config.presenceGraceMs = 300;
        QVERIFY(start());
        const std::string room = "firehose";

        TestClient fast;
        QVERIFY(fast.connectAndHello(m_fx->url(), m_fx->token("fast")));
        QVERIFY(fast.request({{"type", "subscribe"}, {"room", room}}));

        RawWebSocket slow;
        QVERIFY(slow.openAndHello(m_fx->url(), m_fx->token("slow")));
        slow.sendJson({{"type", "subscribe"}, {"id", 1}, {"room", room}});
        QVERIFY(slow.waitFor("subscribed"));
        auto join = fast.waitFor("join");
        QVERIFY(join);
        QCOMPARE(str((*join)["user"]["id"]), QStringLiteral("slow"));
        slow.pauseReading(); // from now on it reads nothing

        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("publisher")));
        const std::string text(1000, 'x');
        std::vector<std::int64_t> seqs; // as received by the fast subscriber
        int published = 0;
        int nextId = 1;
        QElapsedTimer elapsed;
        elapsed.start();
        // Publish in pipelined batches until the slow one is gone (its leave, after the grace).
        while (!fast.has("leave") && published < 40000 && elapsed.elapsed() < 20000) {
            const int first = nextId;
            for (int i = 0; i < 50; ++i) {
                publisher.send({{"type", "publish"},
                                {"id", nextId++},
                                {"room", room},
                                {"kind", "chat"},
                                {"body", {{"text", text}}}});
            }
            for (int id = first; id < nextId; ++id) {
                auto ack = publisher.waitFor("ack", 5000, id);
                QVERIFY2(ack, qPrintable(QStringLiteral("no ack for publish %1").arg(id)));
                ++published;
            }
            for (const Json &m : fast.take("message"))
                seqs.push_back(m["seq"].get<std::int64_t>());
        }
        auto leave = fast.waitFor("leave", 100);
        QVERIFY2(leave,
                 qPrintable(QStringLiteral("slow consumer still there after %1 messages of 1 KB")
                                .arg(published)));
        QCOMPARE(str((*leave)["user"]["id"]), QStringLiteral("slow"));
        qInfo("slow consumer cut off; %d messages published in %lld ms", published,
              static_cast<long long>(elapsed.elapsed()));

        // The fast subscriber got every message, in order, none twice.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const Json &m : fast.take("message"))
                    seqs.push_back(m["seq"].get<std::int64_t>());
                return static_cast<int>(seqs.size()) >= published;
            }(),
            10000);
        QCOMPARE(static_cast<int>(seqs.size()), published);
        for (std::size_t i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs[i], static_cast<std::int64_t>(i + 1));
        QVERIFY(roundTrip(fast));
        QCOMPARE(fast.take("leave").size(), std::size_t(0));

        // The node keeps serving: fast still gets new messages, newcomers are welcome.
        auto ack = publisher.request(
            {{"type", "publish"}, {"room", room}, {"kind", "chat"}, {"body", {{"text", "after"}}}});
        QVERIFY(ack);
        auto after = fast.waitFor("message");
        QVERIFY(after);
        QCOMPARE(str((*after)["body"]["text"]), QStringLiteral("after"));
        TestClient newcomer;
        QVERIFY(newcomer.connectAndHello(m_fx->url(), m_fx->token("newcomer")));
        auto presence = newcomer.request({{"type", "presence"}, {"room", room}});
        QVERIFY(presence);
        QCOMPARE((*presence)["users"].size(), std::size_t(1));
        QCOMPARE(str((*presence)["users"][0]["id"]), QStringLiteral("fast"));

        // The slow one's connection is gone: reading again, it finds the end of the stream
        // before the end of the messages.
        slow.resumeReading();
        QVERIFY2(slow.waitDisconnected(10000), "the slow consumer's TCP connection is still open");
        QVERIFY(static_cast<int>(slow.take("message").size()) < published);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstAbuseConnections)
#include "tst_abuseconnections.moc"
