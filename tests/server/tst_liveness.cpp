// End to end: heartbeat, JSON ping, token expiry and in-band refresh, graceful drain
// (PROTOCOL.md sections 2 "Tokens", 5, 6 and 9 "Heartbeat", "Token expiry", "Shutdown").
#include "servertestmain.h"
#include "jsonassert.h"
#include "rawwebsocket.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

#include <map>
#include <memory>
#include <set>
#include <vector>

using namespace roomcast::test;

namespace {

constexpr int kIntervalMs = 200;
constexpr int kTimeoutMs = 200;
constexpr int kDrainWindowMs = 1000;
constexpr int kGraceMs = 300;

//! The `exp` claim of a JWT, read from its payload.
std::int64_t expOf(const std::string &token)
{
    const QList<QByteArray> parts = QByteArray::fromStdString(token).split('.');
    if (parts.size() != 3)
        return -1;
    const QByteArray payload = QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding |
                                                                    QByteArray::OmitTrailingEquals);
    const Json claims = Json::parse(payload.constBegin(), payload.constEnd(), nullptr, false);
    if (!claims.is_object() || !claims.contains("exp") || !claims["exp"].is_number_integer())
        return -1;
    return claims["exp"].get<std::int64_t>();
}

} // namespace

class TstLiveness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.heartbeatIntervalMs = kIntervalMs;
        m_fx->config.heartbeatTimeoutMs = kTimeoutMs;
        m_fx->config.drainWindowMs = kDrainWindowMs;
        m_fx->config.presenceGraceMs = kGraceMs;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

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

    void refreshWithExpiredTokenKeepsTheOldOne()
    {
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("alice")));
        // Past its exp but within the 30 s leeway: useless as an extension, so refused.
        auto reply = c.request({{"type", "refresh"}, {"token", m_fx->token("alice", -5)}});
        QVERIFY(reply);
        QCOMPARE((*reply)["type"].get<std::string>(), std::string("error"));
        QCOMPARE((*reply)["code"].get<std::string>(), std::string("unauthorized"));
        auto pong = c.request({{"type", "ping"}});
        QVERIFY(pong);
        QCOMPARE((*pong)["type"].get<std::string>(), std::string("pong"));
        QVERIFY(c.isOpen());
    }

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

    void expiredTokenIsClosed4001()
    {
        TestClient c;
        const std::string token = m_fx->token("alice", 2);
        auto welcome = c.connectAndHello(m_fx->url(), token);
        QVERIFY(welcome);
        const std::int64_t exp = (*welcome)["exp"].get<std::int64_t>();
        QCOMPARE(exp, expOf(token));

        auto error = c.waitFor("error", 4000);
        QVERIFY2(error, "no error when the token expired");
        const qint64 at = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(str((*error)["code"]), QStringLiteral("unauthorized"));
        QCOMPARE(c.waitClosed(2000), 4001);
        // At exp, not before (and not 30 s of leeway later).
        QVERIFY2(at >= exp * 1000 - 50,
                 qPrintable(QStringLiteral("%1 ms early").arg(exp * 1000 - at)));
        QVERIFY2(at <= exp * 1000 + 1500,
                 qPrintable(QStringLiteral("%1 ms late").arg(at - exp * 1000)));
    }

    void refreshKeepsTheConnection()
    {
        const std::string shortLived = m_fx->token("alice", 2);
        TestClient refreshed;
        TestClient notRefreshed;
        QVERIFY(refreshed.connectAndHello(m_fx->url(), shortLived));
        QVERIFY(notRefreshed.connectAndHello(m_fx->url(), shortLived));

        const std::string longer = m_fx->token("alice", 3600);
        auto reply = refreshed.request({{"type", "refresh"}, {"id", 4}, {"token", longer}});
        QVERIFY(reply);
        QCOMPARE(str((*reply)["type"]), QStringLiteral("refreshed"));
        QCOMPARE(text((*reply)["id"]), QStringLiteral("4"));
        QCOMPARE((*reply)["exp"].get<std::int64_t>(), expOf(longer));

        // The same old token without refresh expires...
        auto error = notRefreshed.waitFor("error", 4000);
        QVERIFY(error);
        QCOMPARE(str((*error)["code"]), QStringLiteral("unauthorized"));
        QCOMPARE(notRefreshed.waitClosed(2000), 4001);
        QVERIFY(QDateTime::currentSecsSinceEpoch() >= expOf(shortLived));
        // ...and the refreshed connection is past the old exp, still open and usable.
        QVERIFY(refreshed.isOpen());
        QVERIFY(roundTrip(refreshed));
        QVERIFY2(!refreshed.has("error"), "the refreshed connection got an error");
        auto sub = refreshed.request({{"type", "subscribe"}, {"room", "general"}});
        QVERIFY(sub);
        QCOMPARE(str((*sub)["type"]), QStringLiteral("subscribed"));
    }

    void badRefreshKeepsTheOldToken_data()
    {
        QTest::addColumn<bool>("otherUser");
        QTest::newRow("token of another sub") << true;
        QTest::newRow("not a token") << false;
    }
    void badRefreshKeepsTheOldToken()
    {
        QFETCH(bool, otherUser);
        const std::string token = m_fx->token("alice", 2);
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), token));
        const std::string bad = otherUser ? m_fx->token("bob", 3600) : std::string("a.b.c");
        auto reply = c.request({{"type", "refresh"}, {"id", "r1"}, {"token", bad}});
        QVERIFY(reply);
        QCOMPARE(str((*reply)["type"]), QStringLiteral("error"));
        QCOMPARE(str((*reply)["code"]), QStringLiteral("unauthorized"));
        QCOMPARE(str((*reply)["id"]), QStringLiteral("r1"));

        // The connection stays usable, as alice...
        QVERIFY(c.isOpen());
        QVERIFY(roundTrip(c));
        auto sub = c.request({{"type", "subscribe"}, {"room", "general"}});
        QVERIFY(sub);
        QCOMPARE(str((*sub)["type"]), QStringLiteral("subscribed"));
        QCOMPARE(str((*sub)["presence"][0]["id"]), QStringLiteral("alice"));
        // ...with the old token in force until it expires.
        auto error = c.waitFor("error", 4000);
        QVERIFY(error);
        QCOMPARE(str((*error)["code"]), QStringLiteral("unauthorized"));
        QCOMPARE(c.waitClosed(2000), 4001);
    }

    void refreshNarrowingRoomsUnsubscribes()
    {
        TestClient alice;
        TestClient bob;
        QVERIFY(alice.connectAndHello(m_fx->url(), m_fx->token("alice")));
        QVERIFY(bob.connectAndHello(m_fx->url(), m_fx->token("bob")));
        for (const char *room : {"news", "sports"}) {
            auto sub = alice.request({{"type", "subscribe"}, {"room", room}});
            QVERIFY(sub && sub->value("type", "") == "subscribed");
            sub = bob.request({{"type", "subscribe"}, {"room", room}});
            QVERIFY(sub && sub->value("type", "") == "subscribed");
        }

        const std::string narrower = m_fx->token("alice", 3600, std::vector<std::string>{"news"});
        alice.send({{"type", "refresh"}, {"id", 8}, {"token", narrower}});
        auto refreshed = alice.waitFor("refreshed", 5000, 8);
        QVERIFY(refreshed);
        QCOMPARE((*refreshed)["exp"].get<std::int64_t>(), expOf(narrower));
        QVERIFY(roundTrip(alice)); // whatever the refresh caused has arrived
        auto ended = alice.take("unsubscribed");
        QCOMPARE(ended.size(), std::size_t(1));
        QCOMPARE(str(ended.front()["room"]), QStringLiteral("sports"));
        QCOMPARE(str(ended.front()["reason"]), QStringLiteral("forbidden"));

        // bob publishes in sports, then in news: alice gets only the news one.
        for (const char *room : {"sports", "news"}) {
            auto ack = bob.request({{"type", "publish"},
                                    {"room", room},
                                    {"kind", "chat"},
                                    {"body", {{"text", std::string("in ") + room}}}});
            QVERIFY(ack);
            QCOMPARE(str((*ack)["type"]), QStringLiteral("ack"));
        }
        auto message = alice.waitFor("message");
        QVERIFY(message);
        QCOMPARE(str((*message)["room"]), QStringLiteral("news"));
        QVERIFY(roundTrip(alice));
        QVERIFY2(alice.take("message").empty(), "a message from a room no longer allowed");

        // Rights follow the newest token; alice is no longer in sports.
        auto again = alice.request({{"type", "subscribe"}, {"room", "sports"}});
        QVERIFY(again);
        QCOMPARE(str((*again)["code"]), QStringLiteral("forbidden"));
        auto presence = bob.request({{"type", "presence"}, {"room", "sports"}});
        QVERIFY(presence);
        QCOMPARE((*presence)["users"].size(), std::size_t(1));
        QCOMPARE(str((*presence)["users"][0]["id"]), QStringLiteral("bob"));
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

private:
    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstLiveness)
#include "tst_liveness.moc"
