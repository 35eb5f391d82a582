// End to end: token expiry (4001) and in-band refresh: a new token extends, a bad one keeps
// the old, a narrower one unsubscribes (PROTOCOL.md sections 2 "Tokens", 6 and 9 "Token expiry").
#include "jsonassert.h"
#include "livenesstest.h"
#include "rawwebsocket.h"
#include "servertestmain.h"
#include "testclient.h"

#include <QDateTime>
#include <QTest>

using namespace roomcast::test;

namespace {

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

class TstRefresh : public QObject, private LivenessRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY2(startRig(), m_fx->lastError.c_str()); }
    void cleanup() { releaseRig(); }

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
};

ROOMCAST_SERVER_TEST_MAIN(TstRefresh)
#include "tst_refresh.moc"
