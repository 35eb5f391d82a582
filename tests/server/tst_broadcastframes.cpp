// End to end: pre-built broadcast frames (written straight to the TCP socket) and the frames
// QWebSocket writes itself (pings, replies, close) never interleave, with many sends in
// flight while the reader is stalled and the kernel buffers are full.
#include "rawwebsocket.h"
#include "serverfixture.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QTest>

using namespace roomcast::test;
using Json = nlohmann::json;

namespace {
constexpr int kMessages = 80;
constexpr int kTextBytes = 40000; // with the spread below: 40-60 kB, under the frame limit
} // namespace

class TstBroadcastFrames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.publishRate = 10000;
        m_fx->config.publishBurst = 10000;
        m_fx->config.heartbeatIntervalMs = 30; // pings from QWebSocket between broadcasts
        m_fx->config.heartbeatTimeoutMs = 60000;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void stalledReaderGetsWholeFramesInOrder()
    {
        RawWebSocket reader;
        QVERIFY(reader.openAndHello(m_fx->url(), m_fx->token("reader")));
        reader.sendJson({{"type", "subscribe"}, {"id", 1}, {"room", "general"}});
        QVERIFY(reader.waitFor("subscribed"));
        reader.pauseReading();

        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("writer")));
        for (int i = 1; i <= kMessages; ++i) {
            // Sizes vary so frame boundaries fall anywhere in the socket's writes.
            const std::string text(static_cast<std::size_t>(kTextBytes + (i * 997) % 20000),
                                   static_cast<char>('a' + i % 26));
            publisher.send({{"type", "publish"},
                            {"id", i},
                            {"room", "general"},
                            {"kind", "blob"}, // chat is limited to 4000 characters
                            {"body", {{"data", text}}}});
        }
        for (int i = 1; i <= kMessages; ++i)
            QVERIFY2(publisher.waitFor("ack", 10000, i), qPrintable(QString::number(i)));
        // The reader's private requests go through QWebSocket while broadcasts are queued.
        reader.sendJson({{"type", "ping"}, {"id", 99}});

        reader.resumeReading();
        for (int i = 1; i <= kMessages; ++i) {
            auto message = reader.waitFor("message", 10000);
            QVERIFY2(message, qPrintable(QStringLiteral("message %1 missing").arg(i)));
            QCOMPARE((*message)["seq"].get<int>(), i);
            const std::string text = (*message)["body"]["data"].get<std::string>();
            QCOMPARE(text.size(), static_cast<std::size_t>(kTextBytes + (i * 997) % 20000));
            QCOMPARE(text.front(), static_cast<char>('a' + i % 26));
        }
        QVERIFY(reader.waitFor("pong", 5000));
        QTRY_VERIFY(reader.pingsReceived() > 0);
        QVERIFY(reader.isConnected());
        QCOMPARE(reader.closeCode(), -1); // no frame was misread as a close
    }

    //! The ack is written before the room's fan-out, so a publisher subscribed to its room
    //! gets its ack first (PROTOCOL.md allows either order; the fan-out of a large room
    //! would otherwise delay the ack by all of its sends).
    void ackLeavesBeforeTheFanOut()
    {
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("writer")));
        QVERIFY(publisher.request({{"type", "subscribe"}, {"room", "general"}}));
        publisher.send({{"type", "publish"},
                        {"id", 7},
                        {"room", "general"},
                        {"kind", "chat"},
                        {"body", {{"text", "mine"}}}});
        const auto indexOf = [&](const std::string &type) {
            const auto &frames = publisher.frames();
            for (std::size_t i = 0; i < frames.size(); ++i)
                if (frames[i].value("type", "") == type)
                    return int(i);
            return -1;
        };
        QTRY_VERIFY(indexOf("ack") >= 0 && indexOf("message") >= 0);
        QVERIFY2(indexOf("ack") < indexOf("message"), "the own copy came before the ack");
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstBroadcastFrames)
#include "tst_broadcastframes.moc"
