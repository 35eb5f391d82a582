// End to end: heartbeat (WebSocket pings, 4000 for the silent), any frame as a sign of life,
// JSON ping (PROTOCOL.md sections 5 and 9 "Heartbeat"). Token expiry and refresh: tst_refresh;
// the drain: tst_drain.
#include "jsonassert.h"
#include "livenesstest.h"
#include "rawwebsocket.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

using namespace roomcast::test;

class TstLiveness : public QObject, private LivenessRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY2(startRig(), m_fx->lastError.c_str()); }
    void cleanup() { releaseRig(); }

    void silentClientIsClosedWith4000()
    {
        RawWebSocket silent;
        auto welcome = silent.openAndHello(m_fx->url(), m_fx->token("quiet"));
        QVERIFY(welcome);
        QCOMPARE((*welcome)["heartbeat"]["interval_ms"].get<int>(), kIntervalMs);
        QCOMPARE((*welcome)["heartbeat"]["timeout_ms"].get<int>(), kTimeoutMs);
        QElapsedTimer sinceWelcome;
        sinceWelcome.start();

        // It reads, but never answers the server's pings nor sends anything.
        QTRY_VERIFY_WITH_TIMEOUT(silent.closeCode() != -1, 5000);
        QCOMPARE(silent.closeCode(), 4000);
        QVERIFY2(silent.pingsReceived() >= 1, "the server never sent a WebSocket ping");
        // Not before interval + timeout of silence (counted from the hello, before the welcome).
        QVERIFY2(sinceWelcome.elapsed() >= kIntervalMs + kTimeoutMs - 100,
                 qPrintable(QStringLiteral("closed after %1 ms").arg(sinceWelcome.elapsed())));
        // It never answers the close either: the node drops the TCP connection itself.
        QVERIFY2(silent.waitDisconnected(6000), "the TCP connection stayed open");
        QTRY_COMPARE(m_fx->server->connectionCount(), 0);
    }

    void pingsKeepAnAnsweringClientAlive()
    {
        // QWebSocket answers pings by itself: a client that sends no frame at all stays.
        TestClient quiet;
        QVERIFY(quiet.connectAndHello(m_fx->url(), m_fx->token("quiet")));
        // Two silent clients opened later are each cut off after interval + timeout; quiet
        // has been idle longer than both, so only its pongs can have kept it.
        for (int round = 0; round < 2; ++round) {
            RawWebSocket silent;
            QVERIFY(silent.openAndHello(m_fx->url(), m_fx->token("silent")));
            QTRY_VERIFY_WITH_TIMEOUT(silent.closeCode() != -1, 5000);
            QCOMPARE(silent.closeCode(), 4000);
            QVERIFY2(quiet.isOpen(), "a client answering pings was dropped");
        }
        QVERIFY(quiet.frames().empty()); // nothing was sent to it but pings
        QVERIFY(roundTrip(quiet));
    }

    void heartbeatTimeoutCountsAsGone()
    {
        TestClient observer;
        QVERIFY(observer.connectAndHello(m_fx->url(), m_fx->token("observer")));
        QVERIFY(observer.request({{"type", "subscribe"}, {"room", "lobby"}}));
        RawWebSocket silent;
        QVERIFY(silent.openAndHello(m_fx->url(), m_fx->token("silent")));
        silent.sendJson({{"type", "subscribe"}, {"id", 1}, {"room", "lobby"}});
        QVERIFY(silent.waitFor("subscribed"));
        auto join = observer.waitFor("join");
        QVERIFY(join);
        QCOMPARE(str((*join)["user"]["id"]), QStringLiteral("silent"));

        QTRY_VERIFY_WITH_TIMEOUT(silent.closeCode() != -1, 5000);
        QCOMPARE(silent.closeCode(), 4000);
        auto leave = observer.waitFor("leave", kGraceMs + 3000);
        QVERIFY2(leave, "a connection closed for heartbeat timeout never left");
        QCOMPARE(str((*leave)["user"]["id"]), QStringLiteral("silent"));
        auto presence = observer.request({{"type", "presence"}, {"room", "lobby"}});
        QVERIFY(presence);
        QCOMPARE((*presence)["users"].size(), std::size_t(1));
        QCOMPARE(str((*presence)["users"][0]["id"]), QStringLiteral("observer"));
    }

    void anyFrameIsASignOfLife()
    {
        // This client never answers a ping, but sends a JSON ping every 100 ms.
        RawWebSocket chatty;
        QVERIFY(chatty.openAndHello(m_fx->url(), m_fx->token("chatty")));
        QTimer ticker;
        ticker.setInterval(kIntervalMs / 2);
        connect(&ticker, &QTimer::timeout, this, [&chatty] {
            chatty.sendJson({{"type", "ping"}});
        });
        ticker.start();

        for (int round = 0; round < 2; ++round) {
            RawWebSocket silent;
            QVERIFY(silent.openAndHello(m_fx->url(), m_fx->token("silent")));
            QTRY_VERIFY_WITH_TIMEOUT(silent.closeCode() != -1, 5000);
            QCOMPARE(silent.closeCode(), 4000);
            QVERIFY2(chatty.isConnected() && chatty.closeCode() == -1,
                     "frames other than pongs were not counted as signs of life");
        }
        QVERIFY(chatty.pingsReceived() >= 1); // it was pinged, and never answered
        QVERIFY(chatty.take("pong").size() >= 4);
        ticker.stop();
    }

    void clientWebSocketPingsAreSignsOfLife()
    {
        // A client that only sends WebSocket ping control frames (which Qt answers without a
        // signal) and never answers the server's pings must still count as alive.
        RawWebSocket pinger;
        QVERIFY(pinger.openAndHello(m_fx->url(), m_fx->token("pinger")));
        QTimer ticker;
        ticker.setInterval(kIntervalMs / 2);
        connect(&ticker, &QTimer::timeout, this, [&pinger] {
            pinger.writeRaw(RawWebSocket::buildFrame(RawWebSocket::Ping, QByteArrayLiteral("hb")));
        });
        ticker.start();
        RawWebSocket silent; // the control: opened later, closed with 4000 first
        QVERIFY(silent.openAndHello(m_fx->url(), m_fx->token("silent")));
        QTRY_VERIFY_WITH_TIMEOUT(silent.closeCode() != -1, 5000);
        QCOMPARE(silent.closeCode(), 4000);
        QVERIFY2(pinger.isConnected() && pinger.closeCode() == -1,
                 "the client's own pings were not counted as signs of life");
        ticker.stop();
    }

    void jsonPingGetsPong_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("integer") << QStringLiteral("5");
        QTest::newRow("string") << QStringLiteral("\"abc-1\"");
        QTest::newRow("none") << QString();
    }
    void jsonPingGetsPong()
    {
        QFETCH(QString, id);
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("alice")));
        if (id.isEmpty())
            c.sendRaw(QStringLiteral(R"({"type":"ping"})"));
        else
            c.sendRaw(QStringLiteral(R"({"type":"ping","id":%1})").arg(id));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto pong = c.waitFor("pong");
        QVERIFY(pong);
        if (id.isEmpty())
            QVERIFY2(!pong->contains("id"), "a request without id got a reply with one");
        else
            QCOMPARE(QString::fromStdString((*pong)["id"].dump()), id);
        const QString ts = str((*pong)["ts"]);
        static const QRegularExpression rfc3339(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        QVERIFY2(rfc3339.match(ts).hasMatch(), qPrintable(ts));
        const QDateTime when = QDateTime::fromString(ts, Qt::ISODateWithMs);
        QVERIFY(when.isValid());
        QVERIFY(qAbs(when.toMSecsSinceEpoch() - before) < 5000);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstLiveness)
#include "tst_liveness.moc"
