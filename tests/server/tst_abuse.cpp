// End to end: hostile and broken frames: bad JSON and fields, error storms, binary,
// oversized and deeply nested frames (PROTOCOL.md sections 1, 6; docs/protocol.md appendix).
// Hostile connections (paths, timeouts, slow consumers): tst_abuseconnections.
#include "abusetest.h"
#include "jsonassert.h"
#include "rawwebsocket.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QTest>

using namespace roomcast::test;

class TstAbuse : public QObject, private AbuseRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { prepareRig(); }
    void cleanup() { releaseRig(); }

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

private:
    //! Connects `c` as mallory, sends `text` as one raw text frame and returns the error that
    //! answers it (a null Json when `c` could not connect or no error came).
    Json errorForRawText(TestClient &c, const QString &text)
    {
        if (!c.connectAndHello(m_fx->url(), m_fx->token("mallory")))
            return Json();
        c.sendRaw(text);
        return reply(c.waitFor("error"));
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstAbuse)
#include "tst_abuse.moc"
