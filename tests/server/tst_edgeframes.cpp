// From a raw socket after the upgrade: frames RFC 6455 section 5 forbids end with the close
// code it names (a close frame, then the TCP close), nothing after the violation is processed,
// and valid frames QtWebSockets 6.4 would refuse (UTF-8 split across fragments) are accepted.
#include "rawwebsocket.h"
#include "serverfixture.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QTest>

using namespace roomcast::test;
using Json = nlohmann::json;
using Op = RawWebSocket::Opcode;

namespace {

QByteArray json(const Json &frame)
{
    return QByteArray::fromStdString(frame.dump());
}

QByteArray publish(const std::string &text, int id)
{
    return json({{"type", "publish"},
                 {"id", id},
                 {"room", "general"},
                 {"kind", "chat"},
                 {"body", {{"text", text}}}});
}

//! `payload` as one text message, each byte in a fragment of its own.
QByteArray byteFragments(const QByteArray &payload)
{
    QByteArray out;
    for (qsizetype i = 0; i < payload.size(); ++i)
        out += RawWebSocket::buildFrame(i == 0 ? Op::Text : Op::Continuation, payload.mid(i, 1),
                                        true, i == payload.size() - 1);
    return out;
}

//! Waits for the server's close frame and then for the TCP close after it.
bool closedWith(RawWebSocket &raw, int code)
{
    if (!spinUntil([&] { return raw.closeCode() >= 0; }, 5000))
        return false;
    return raw.closeCode() == code && raw.waitDisconnected(5000);
}

} // namespace

class TstEdgeFrames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void unmaskedIs1002_data()
    {
        QTest::addColumn<int>("opcode");
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("text") << int(Op::Text) << json({{"type", "ping"}, {"id", 1}});
        QTest::newRow("binary") << int(Op::Binary) << QByteArray("x");
        QTest::newRow("ping") << int(Op::Ping) << QByteArray("p");
        QTest::newRow("pong") << int(Op::Pong) << QByteArray();
        QTest::newRow("close") << int(Op::Close) << QByteArray("\x03\xe8", 2);
    }
    void unmaskedIs1002()
    {
        QFETCH(int, opcode);
        QFETCH(QByteArray, payload);
        RawWebSocket raw;
        QVERIFY(raw.openAndHello(m_fx->url(), m_fx->token("alice")));
        const int before = raw.textFramesReceived();
        raw.writeRaw(RawWebSocket::buildFrame(quint8(opcode), payload, false));
        QVERIFY(closedWith(raw, 1002));
        QCOMPARE(raw.textFramesReceived(), before); // no pong, no error: nothing processed
    }

    //! An unmasked hello as the first frame, also in the same write as the handshake.
    void unmaskedHelloIs1002_data()
    {
        QTest::addColumn<bool>("withHandshake");
        QTest::newRow("after the 101") << false;
        QTest::newRow("with the handshake") << true;
    }
    void unmaskedHelloIs1002()
    {
        QFETCH(bool, withHandshake);
        const QByteArray hello = RawWebSocket::buildFrame(
            Op::Text, json({{"type", "hello"}, {"protocol", 1}, {"token", m_fx->token("alice")}}),
            false);
        RawWebSocket raw;
        QVERIFY(raw.connectTcp(m_fx->url()));
        if (withHandshake) {
            QVERIFY(raw.upgrade("/ws", 5000, hello));
        } else {
            QVERIFY(raw.upgrade());
            raw.writeRaw(hello);
        }
        QVERIFY(closedWith(raw, 1002));
        QCOMPARE(raw.textFramesReceived(), 0); // no welcome
    }

    //! A valid hello in the same write as the handshake: checked while the upgrade runs,
    //! then handed to QWebSocket whole (the edge also frees Qt's handshake read chunk here).
    void helloWithTheHandshakeIsWelcomed()
    {
        RawWebSocket raw;
        QVERIFY(raw.connectTcp(m_fx->url()));
        QVERIFY(raw.upgrade(
            "/ws", 5000,
            RawWebSocket::buildFrame(
                Op::Text,
                json({{"type", "hello"}, {"protocol", 1}, {"token", m_fx->token("alice")}})) +
                RawWebSocket::buildFrame(Op::Text, json({{"type", "ping"}, {"id", 2}}))));
        QVERIFY(raw.waitFor("welcome"));
        const auto pong = raw.waitFor("pong");
        QVERIFY(pong);
        QCOMPARE((*pong)["id"].get<int>(), 2);
    }

    //! Frames before the violation are processed, the ones after it are not.
    void nothingAfterTheViolation()
    {
        RawWebSocket raw;
        QVERIFY(raw.openAndHello(m_fx->url(), m_fx->token("alice")));
        raw.sendJson({{"type", "subscribe"}, {"id", 1}, {"room", "general"}});
        QVERIFY(raw.waitFor("subscribed"));
        raw.writeRaw(RawWebSocket::buildFrame(Op::Text, publish("before", 2)) +
                     RawWebSocket::buildFrame(Op::Text, publish("unmasked", 3), false) +
                     RawWebSocket::buildFrame(Op::Text, publish("after", 4)));
        QVERIFY(closedWith(raw, 1002));

        TestClient reader;
        QVERIFY(reader.connectAndHello(m_fx->url(), m_fx->token("bob")));
        auto history = reader.request({{"type", "history"}, {"room", "general"}, {"limit", 10}});
        QVERIFY(history);
        QCOMPARE((*history)["messages"].size(), std::size_t(1));
        QVERIFY((*history)["messages"][0]["body"]["text"] == "before");
    }

    void tooBigIs1009_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray big(70000, 'a');
        QTest::newRow("one frame") << RawWebSocket::buildFrame(Op::Text, big);
        QByteArray two = RawWebSocket::buildFrame(Op::Text, big.left(40000), true, false) +
                         RawWebSocket::buildFrame(Op::Continuation, big.mid(40000), true, true);
        QTest::newRow("two fragments") << two;
        QByteArray many;
        const QByteArray chunk(65536, 'b');
        for (int i = 0; i < 64; ++i) // 4 MiB
            many += RawWebSocket::buildFrame(i == 0 ? Op::Text : Op::Continuation, chunk, true,
                                             i == 63);
        QTest::newRow("4 MiB in 64 fragments") << many;
    }
    void tooBigIs1009()
    {
        QFETCH(QByteArray, bytes);
        RawWebSocket raw;
        QVERIFY(raw.openAndHello(m_fx->url(), m_fx->token("alice")));
        raw.writeRaw(bytes);
        QVERIFY2(closedWith(raw, 1009), qPrintable(QString::number(raw.closeCode())));
    }

    //! 2-, 3- and 4-byte characters, each byte of the message in a fragment of its own.
    void utf8SplitAcrossFragments_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("2 bytes") << QByteArray("caf\xc3\xa9");
        QTest::newRow("3 bytes") << QByteArray("\xe2\x82\xac 5");
        QTest::newRow("4 bytes") << QByteArray("ok \xf0\x9f\x98\x80");
    }
    void utf8SplitAcrossFragments()
    {
        QFETCH(QByteArray, text);
        RawWebSocket raw;
        QVERIFY(raw.openAndHello(m_fx->url(), m_fx->token("alice")));
        raw.sendJson({{"type", "subscribe"}, {"id", 1}, {"room", "general"}});
        QVERIFY(raw.waitFor("subscribed"));
        raw.writeRaw(byteFragments(publish(text.toStdString(), 2)));
        QVERIFY(raw.waitFor("ack"));
        auto message = raw.waitFor("message");
        QVERIFY(message);
        QCOMPARE((*message)["body"]["text"].get<std::string>(), text.toStdString());
    }

    void invalidUtf8InALaterFragmentIs1007()
    {
        RawWebSocket raw;
        QVERIFY(raw.openAndHello(m_fx->url(), m_fx->token("alice")));
        raw.writeRaw(RawWebSocket::buildFrame(Op::Text, "{\"type\":\"ping\",", true, false) +
                     RawWebSocket::buildFrame(Op::Continuation, "\"x\":\"ok", true, false) +
                     RawWebSocket::buildFrame(Op::Continuation, "\xc3\x28\"}", true, true));
        QVERIFY(closedWith(raw, 1007));
    }

    //! Anything but whitespace after the object: an error, and the connection stays.
    void trailingBytesAreBadRequest_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("raw NUL") << QByteArray("{\"type\":\"ping\",\"id\":5}\0", 23);
        QTest::newRow("second value") << QByteArray(R"({"type":"ping","id":5}{"type":"ping"})");
        QTest::newRow("garbage") << QByteArray(R"({"type":"ping","id":5} x)");
    }
    void trailingBytesAreBadRequest()
    {
        QFETCH(QByteArray, text);
        RawWebSocket raw;
        QVERIFY(raw.openAndHello(m_fx->url(), m_fx->token("alice")));
        raw.sendText(text);
        auto error = raw.waitFor("error");
        QVERIFY(error);
        QVERIFY((*error)["code"] == "bad_request");
        QVERIFY(!raw.has("pong"));
        raw.sendJson({{"type", "ping"}, {"id", 6}});
        QVERIFY(raw.waitFor("pong"));
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstEdgeFrames)
#include "tst_edgeframes.moc"
