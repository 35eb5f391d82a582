// End to end: hostile and broken clients (PROTOCOL.md sections 1, 2, 6 and the appendix of
// docs/protocol.md: paths, handshake timeout, nesting, slow consumers).
#include "servertestmain.h"
#include "jsonassert.h"
#include "rawwebsocket.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <vector>

using namespace roomcast::test;

namespace {

constexpr int kHelloTimeoutMs = 300;

} // namespace

class TstAbuse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.helloTimeoutMs = kHelloTimeoutMs;
    }
    void cleanup() { m_fx.reset(); }

    void badFrameIsBadRequest_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("id"); // JSON of the id to echo, empty for none
        QTest::newRow("not json") << QStringLiteral("hello there") << QString();
        QTest::newRow("truncated json") << QStringLiteral(R"({"type":"ping","id":1)") << QString();
        QTest::newRow("json array") << QStringLiteral(R"([{"type":"ping","id":1}])") << QString();
        QTest::newRow("json string") << QStringLiteral(R"("ping")") << QString();
        QTest::newRow("missing type")
            << QStringLiteral(R"({"id":7,"room":"general"})") << QStringLiteral("7");
        QTest::newRow("type not a string")
            << QStringLiteral(R"({"type":42,"id":8})") << QStringLiteral("8");
        QTest::newRow("unknown type")
            << QStringLiteral(R"({"type":"teleport","id":"x1"})") << QStringLiteral("\"x1\"");
        QTest::newRow("missing field")
            << QStringLiteral(R"({"type":"subscribe","id":9})") << QStringLiteral("9");
        QTest::newRow("ill-typed field")
            << QStringLiteral(
                   R"({"type":"publish","id":10,"room":"general","kind":"chat","body":{"text":5}})")
            << QStringLiteral("10");
    }
    void badFrameIsBadRequest()
    {
        QFETCH(QString, text);
        QFETCH(QString, id);
        QVERIFY(start());
        TestClient c;
        const Json error = errorForRawText(c, text);
        EXPECT_FRAME(error, "error", "bad_request");
        QVERIFY(at(error, "message").is_string());
        if (!id.isEmpty())
            QCOMPARE(js(at(error, "id")), id);
        // A bad frame never closes the connection by itself.
        QVERIFY(c.isOpen());
        QVERIFY(roundTrip(c));
        QVERIFY(!c.has("error"));
    }

    void errorStormCloses1008()
    {
        QVERIFY(start());
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("mallory")));
        QVERIFY(c.request({{"type", "subscribe"}, {"room", "general"}}));
        // Errors of every kind count, not only bad_request.
        const QStringList bad{
            QStringLiteral("not json"),
            QStringLiteral(R"({"type":"teleport"})"),
            QStringLiteral(R"({"type":"typing","room":"not-subscribed"})"),
            QStringLiteral(R"({"type":"history","room":"general","limit":0})"),
        };
        for (int i = 0; i < 20; ++i) {
            c.sendRaw(bad[i % bad.size()]);
            QVERIFY2(c.waitFor("error"), qPrintable(QStringLiteral("no error #%1").arg(i + 1)));
        }
        // Twenty errors within the window: still open.
        QVERIFY(c.isOpen());
        QVERIFY(roundTrip(c));
        // The 21st closes it.
        c.sendRaw(bad[0]);
        QCOMPARE(c.waitClosed(3000), 1008);
    }

    void binaryFrameCloses1003()
    {
        QVERIFY(start());
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("mallory")));
        c.sendBinary(QByteArrayLiteral("{\"type\":\"ping\",\"id\":1}"));
        QCOMPARE(c.waitClosed(3000), 1003);
        QVERIFY(!c.has("pong"));
    }

    void oversizedFrameCloses1009_data()
    {
        QTest::addColumn<int>("outgoingFrameSize");
        QTest::newRow("one frame") << 0;
        QTest::newRow("fragmented message") << 1024;
    }
    void oversizedFrameCloses1009()
    {
        QFETCH(int, outgoingFrameSize);
        m_fx->config.maxFrameBytes = 4096;
        QVERIFY(start());
        TestClient c;
        if (outgoingFrameSize > 0)
            c.socket().setOutgoingFrameSize(static_cast<quint64>(outgoingFrameSize));
        auto welcome = c.connectAndHello(m_fx->url(), m_fx->token("mallory"));
        QVERIFY(welcome);
        QCOMPARE((*welcome)["limits"]["max_frame_bytes"].get<int>(), 4096);

        // Just under the limit is served.
        auto ack = c.request({{"type", "publish"},
                              {"room", "general"},
                              {"kind", "chat"},
                              {"body", {{"text", std::string(3900, 'a')}}}});
        QVERIFY(ack);
        QCOMPARE(str((*ack)["type"]), QStringLiteral("ack"));

        const Json frame{{"type", "publish"},
                         {"id", 2},
                         {"room", "general"},
                         {"kind", "note"},
                         {"body", {{"text", std::string(4950, 'b')}}}};
        QVERIFY(frame.dump().size() >= 5000);
        c.send(frame);
        QCOMPARE(c.waitClosed(3000), 1009);
        QVERIFY(!c.has("ack"));
    }

    void deepNestingIsBadRequest_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("10000 [") << QString(10000, QLatin1Char('['));
        QTest::newRow("balanced") << QString(10000, QLatin1Char('[')) +
                                         QString(10000, QLatin1Char(']'));
        QTest::newRow("objects") << QStringLiteral(R"({"a":)").repeated(5000) +
                                        QStringLiteral("1") + QString(5000, QLatin1Char('}'));
        QTest::newRow("inside a publish body")
            << QStringLiteral(
                   R"({"type":"publish","id":1,"room":"general","kind":"deep","body":{"x":)") +
                   QString(5000, QLatin1Char('[')) + QString(5000, QLatin1Char(']')) +
                   QStringLiteral("}}");
    }
    void deepNestingIsBadRequest()
    {
        QFETCH(QString, text);
        QVERIFY(start());
        TestClient c;
        EXPECT_FRAME(errorForRawText(c, text), "error", "bad_request");
        QVERIFY(c.isOpen());
        QVERIFY(roundTrip(c));
        QVERIFY(!c.has("ack"));
        // The node is alive and serves a newcomer.
        TestClient other;
        QVERIFY(other.connectAndHello(m_fx->url(), m_fx->token("alice")));
        QVERIFY(roundTrip(other));
    }

    void largeStringWithinLimitIsHandled()
    {
        m_fx->config.maxFrameBytes = 256 * 1024;
        QVERIFY(start());
        TestClient sender;
        TestClient receiver;
        QVERIFY(sender.connectAndHello(m_fx->url(), m_fx->token("alice")));
        QVERIFY(receiver.connectAndHello(m_fx->url(), m_fx->token("bob")));
        QVERIFY(receiver.request({{"type", "subscribe"}, {"room", "files"}}));

        std::string blob;
        blob.reserve(100 * 1024);
        for (int i = 0; blob.size() < 100 * 1024; ++i)
            blob += std::to_string(i) + ',';
        auto ack = sender.request(
            {{"type", "publish"}, {"room", "files"}, {"kind", "blob"}, {"body", {{"data", blob}}}});
        QVERIFY(ack);
        QCOMPARE(str((*ack)["type"]), QStringLiteral("ack"));
        auto message = receiver.waitFor("message");
        QVERIFY(message);
        QCOMPARE(str((*message)["kind"]), QStringLiteral("blob"));
        QVERIFY((*message)["body"]["data"] == blob);
        auto history = receiver.request({{"type", "history"}, {"room", "files"}});
        QVERIFY(history);
        QCOMPARE((*history)["messages"].size(), std::size_t(1));
        QVERIFY((*history)["messages"][0]["body"]["data"] == blob);
    }

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

private:
    bool start()
    {
        if (!m_fx->start()) {
            qWarning("%s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    //! Connects `c` as mallory, sends `text` as one raw text frame and returns the error that
    //! answers it (a null Json when `c` could not connect or no error came).
    Json errorForRawText(TestClient &c, const QString &text)
    {
        if (!c.connectAndHello(m_fx->url(), m_fx->token("mallory")))
            return Json();
        c.sendRaw(text);
        return reply(c.waitFor("error"));
    }

    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstAbuse)
#include "tst_abuse.moc"
