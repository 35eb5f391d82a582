// End to end: presence per user with the grace period for unclean exits, and typing
// (PROTOCOL.md sections 3 "typing", 4 and 9 "Presence").
#include "servertestmain.h"
#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <utility>
#include <vector>

using namespace roomcast::test;

namespace {

constexpr int kShortGraceMs = 800;

//! The user ids of a `users` / `presence` array, in the order given.
QStringList ids(const Json &users)
{
    QStringList out;
    if (!users.is_array())
        return {QStringLiteral("<not an array: %1>").arg(js(users))};
    for (const Json &u : users)
        out << str(u.value("id", Json()));
    return out;
}

} // namespace

class TstPresence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.presenceGraceMs = 5000; // clean leaves must not wait for it
    }
    void cleanup()
    {
        m_clients.clear();
        m_fx.reset();
    }

    void joinGoesToOthersNotToSelf()
    {
        QVERIFY(start());
        TestClient *alice = client("alice", "Alice");
        QVERIFY(alice);
        auto subscribed = subscribe(alice, "general");
        QVERIFY(subscribed);
        QCOMPARE(ids((*subscribed)["presence"]), QStringList{QStringLiteral("alice")});

        TestClient *bob1 = client("bob", "Bob");
        QVERIFY(bob1);
        subscribed = subscribe(bob1, "general");
        QVERIFY(subscribed);
        QCOMPARE(ids((*subscribed)["presence"]),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));

        auto join = alice->waitFor("join", 2000);
        QVERIFY2(join, "alice got no join for bob");
        QCOMPARE(str((*join)["room"]), QStringLiteral("general"));
        QCOMPARE(str((*join)["user"]["id"]), QStringLiteral("bob"));
        QCOMPARE(str((*join)["user"]["name"]), QStringLiteral("Bob"));
        QVERIFY((*join)["ts"].is_string());

        // No join for oneself: the ping is answered after anything sent for the subscribe.
        QVERIFY(roundTrip(*bob1));
        QVERIFY2(!bob1->has("join"), "bob got a join for himself");

        // bob's second connection: bob is already listed, nobody hears a join.
        TestClient *bob2 = client("bob", "Bob");
        QVERIFY(bob2);
        subscribed = subscribe(bob2, "general");
        QVERIFY(subscribed);
        QCOMPARE(ids((*subscribed)["presence"]),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));

        // carol joins after bob2: the next join alice and bob1 see must be carol's.
        TestClient *carol = client("carol");
        QVERIFY(carol);
        QVERIFY(subscribe(carol, "general"));
        for (TestClient *c : {alice, bob1}) {
            join = c->waitFor("join", 2000);
            QVERIFY(join);
            QCOMPARE(str((*join)["user"]["id"]), QStringLiteral("carol"));
            QVERIFY(roundTrip(*c));
            QVERIFY2(c->take("join").empty(), "an extra join (bob's second connection?)");
        }
        QVERIFY(roundTrip(*bob2));
        const auto bob2Joins = bob2->take("join"); // carol's, and only that
        QCOMPARE(bob2Joins.size(), std::size_t(1));
        QCOMPARE(str(bob2Joins.front()["user"]["id"]), QStringLiteral("carol"));
    }

    void presenceIsPerUser()
    {
        QVERIFY(start());
        std::vector<TestClient *> bobs;
        for (int i = 0; i < 3; ++i) {
            TestClient *bob = client("bob", "Bob");
            QVERIFY(bob);
            auto subscribed = subscribe(bob, "general");
            QVERIFY(subscribed);
            QCOMPARE(ids((*subscribed)["presence"]), QStringList{QStringLiteral("bob")});
            bobs.push_back(bob);
        }
        TestClient *dan = client("dan");
        QVERIFY(dan);
        QVERIFY(subscribe(dan, "general"));

        // alice is not subscribed anywhere: a presence request needs no subscription.
        TestClient *alice = client("alice");
        QVERIFY(alice);
        auto presence = alice->request({{"type", "presence"}, {"id", "p1"}, {"room", "general"}});
        QVERIFY(presence);
        QCOMPARE(str((*presence)["type"]), QStringLiteral("presence"));
        QCOMPARE(str((*presence)["id"]), QStringLiteral("p1"));
        QCOMPARE(str((*presence)["room"]), QStringLiteral("general"));
        QCOMPARE(ids((*presence)["users"]),
                 (QStringList{QStringLiteral("bob"), QStringLiteral("dan")}));
        for (const Json &u : (*presence)["users"])
            if (u["id"] == "bob")
                QCOMPARE(str(u["name"]), QStringLiteral("Bob"));

        // One of bob's three connections closes cleanly: bob is still there, no leave.
        bobs[0]->socket().close(QWebSocketProtocol::CloseCodeNormal);
        QCOMPARE(bobs[0]->waitClosed(), 1000);
        QTRY_COMPARE(m_fx->server->connectionCount(), 4);
        QCOMPARE(presenceOf(alice, "general"),
                 (QStringList{QStringLiteral("bob"), QStringLiteral("dan")}));
        QVERIFY(roundTrip(*dan));
        QVERIFY2(!dan->has("leave"), "leave sent while bob still has two connections");

        // An empty room lists nobody.
        QCOMPARE(presenceOf(alice, "empty-room"), QStringList());
    }

    void unsubscribeLeavesAtOnce()
    {
        QVERIFY(start());
        const auto [alice, bob] = aliceAndBobInGeneral();
        QVERIFY2(alice && bob, "alice and bob could not both subscribe to general");

        auto reply = bob->request({{"type", "unsubscribe"}, {"id", 2}, {"room", "general"}});
        QVERIFY(reply);
        QCOMPARE(str((*reply)["type"]), QStringLiteral("unsubscribed"));
        QCOMPARE(str((*reply)["room"]), QStringLiteral("general"));
        // Well within the 5 s grace: a clean leave is announced at once.
        auto leave = alice->waitFor("leave", 1500);
        QVERIFY2(leave, "no immediate leave after unsubscribe");
        QCOMPARE(str((*leave)["room"]), QStringLiteral("general"));
        QCOMPARE(str((*leave)["user"]["id"]), QStringLiteral("bob"));
        QVERIFY((*leave)["ts"].is_string());
        QCOMPARE(presenceOf(alice, "general"), QStringList{QStringLiteral("alice")});
        QVERIFY(roundTrip(*bob));
        QVERIFY2(!bob->has("leave"), "bob got his own leave");
    }

    void normalCloseLeavesAtOnce()
    {
        QVERIFY(start());
        const auto [alice, bob] = aliceAndBobInGeneral();
        QVERIFY2(alice && bob, "alice and bob could not both subscribe to general");

        bob->socket().close(QWebSocketProtocol::CloseCodeNormal);
        auto leave = alice->waitFor("leave", 1500);
        QVERIFY2(leave, "no immediate leave after close 1000");
        QCOMPARE(str((*leave)["user"]["id"]), QStringLiteral("bob"));
        QCOMPARE(presenceOf(alice, "general"), QStringList{QStringLiteral("alice")});
    }

    void droppedSocketLeavesAfterGrace()
    {
        QVERIFY(start(kShortGraceMs));
        const auto [alice, bob] = aliceAndBobInGeneral();
        QVERIFY2(alice && bob, "alice and bob could not both subscribe to general");

        QElapsedTimer sinceDrop;
        bob->socket().abort();
        sinceDrop.start();
        // The node has noticed the drop once the session is gone...
        QTRY_COMPARE(m_fx->server->connectionCount(), 1);
        // ...and still lists bob while the grace period runs.
        const QStringList during = presenceOf(alice, "general");
        const qint64 checkedAt = sinceDrop.elapsed();
        QVERIFY2(checkedAt < kShortGraceMs, "too slow to check within the grace period");
        QCOMPARE(during, (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        QVERIFY2(!alice->has("leave"), "leave announced before the grace period ended");

        auto leave = alice->waitFor("leave", kShortGraceMs + 3000);
        QVERIFY2(leave, "no leave after the grace period");
        QVERIFY2(sinceDrop.elapsed() >= kShortGraceMs - 20,
                 qPrintable(QStringLiteral("leave after %1 ms").arg(sinceDrop.elapsed())));
        QCOMPARE(str((*leave)["room"]), QStringLiteral("general"));
        QCOMPARE(str((*leave)["user"]["id"]), QStringLiteral("bob"));
        QVERIFY(roundTrip(*alice));
        QVERIFY2(alice->take("leave").empty(), "more than one leave");
        QCOMPARE(presenceOf(alice, "general"), QStringList{QStringLiteral("alice")});
    }

    void reconnectWithinGraceShowsNothing()
    {
        QVERIFY(start(kShortGraceMs));
        TestClient *alice = client("alice");
        TestClient *bob = client("bob");
        TestClient *dave = client("dave");
        QVERIFY(alice && bob && dave);
        QVERIFY(subscribe(alice, "general"));
        QVERIFY(subscribe(bob, "general"));
        QVERIFY(subscribe(dave, "general"));
        QVERIFY(roundTrip(*alice));
        QCOMPARE(alice->take("join").size(), std::size_t(2));

        bob->socket().abort();
        QTRY_COMPARE(m_fx->server->connectionCount(), 2);
        TestClient *bobAgain = client("bob");
        QVERIFY(bobAgain);
        auto subscribed = subscribe(bobAgain, "general");
        QVERIFY(subscribed);
        QCOMPARE(
            ids((*subscribed)["presence"]),
            (QStringList{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("dave")}));

        // dave drops after bob: his leave comes after bob's grace period would have ended.
        dave->socket().abort();
        auto leave = alice->waitFor("leave", kShortGraceMs + 3000);
        QVERIFY(leave);
        QCOMPARE(str((*leave)["user"]["id"]), QStringLiteral("dave"));
        QVERIFY(roundTrip(*alice));
        QVERIFY2(alice->take("leave").empty(), "bob's leave was announced despite his return");
        QVERIFY2(alice->take("join").empty(), "bob's return was announced as a second join");
        QCOMPARE(presenceOf(alice, "general"),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    }

    void typingGoesToOtherUsersOnly()
    {
        QVERIFY(start());
        TestClient *alice1 = client("alice", "Alice");
        TestClient *alice2 = client("alice", "Alice");
        TestClient *bob = client("bob");
        TestClient *carol = client("carol");
        QVERIFY(alice1 && alice2 && bob && carol);
        for (TestClient *c : {alice1, alice2, bob})
            QVERIFY(subscribe(c, "general"));
        QVERIFY(subscribe(carol, "random"));

        alice1->send({{"type", "typing"}, {"room", "general"}});
        auto typing = bob->waitFor("typing", 2000);
        QVERIFY2(typing, "bob did not see alice typing");
        QCOMPARE(str((*typing)["room"]), QStringLiteral("general"));
        QCOMPARE(str((*typing)["user"]["id"]), QStringLiteral("alice"));
        QCOMPARE(str((*typing)["user"]["name"]), QStringLiteral("Alice"));
        for (TestClient *c : {alice1, alice2, carol}) {
            QVERIFY(roundTrip(*c));
            QVERIFY2(!c->has("typing"),
                     "typing reached the typer's own connections or another room");
        }
        // Not stored, not acknowledged.
        QVERIFY(!alice1->has("ack"));
        auto history = bob->request({{"type", "history"}, {"room", "general"}});
        QVERIFY(history);
        QVERIFY((*history)["messages"].empty());
    }

    void typingIsRateLimited()
    {
        QVERIFY(start());
        TestClient *alice1 = client("alice");
        TestClient *alice2 = client("alice");
        TestClient *bob = client("bob");
        QVERIFY(alice1 && alice2 && bob);
        for (TestClient *c : {alice1, alice2, bob}) {
            QVERIFY(subscribe(c, "general"));
            QVERIFY(subscribe(c, "random"));
        }

        QElapsedTimer sinceFirst;
        sinceFirst.start();
        for (int i = 0; i < 3; ++i)
            alice1->send({{"type", "typing"}, {"room", "general"}});
        QVERIFY(roundTrip(*alice1)); // all three handled
        QVERIFY(roundTrip(*bob));    // and anything they caused delivered
        QCOMPARE(bob->take("typing").size(), std::size_t(1));
        QVERIFY2(!alice1->has("error"), "extra typing must be dropped silently");

        // The limit is per connection and room.
        alice2->send({{"type", "typing"}, {"room", "general"}});
        alice1->send({{"type", "typing"}, {"room", "random"}});
        QVERIFY(roundTrip(*alice2));
        QVERIFY(roundTrip(*alice1));
        QVERIFY(roundTrip(*bob));
        auto more = bob->take("typing");
        QCOMPARE(more.size(), std::size_t(2));
        QStringList rooms{str(more[0]["room"]), str(more[1]["room"])};
        rooms.sort();
        QCOMPARE(rooms, (QStringList{QStringLiteral("general"), QStringLiteral("random")}));

        // At most one per second, not once for ever: keep typing until one goes through.
        std::optional<Json> next;
        while (!next && sinceFirst.elapsed() < 4000) {
            alice1->send({{"type", "typing"}, {"room", "general"}});
            next = bob->waitFor("typing", 100);
        }
        QVERIFY2(next, "typing never allowed again");
        QCOMPARE(str((*next)["room"]), QStringLiteral("general"));
        QVERIFY2(sinceFirst.elapsed() >= 990,
                 qPrintable(QStringLiteral("second typing after %1 ms").arg(sinceFirst.elapsed())));
    }

    void typingNeedsSubscription()
    {
        QVERIFY(start());
        TestClient *alice = client("alice");
        QVERIFY(alice);
        QVERIFY(subscribe(alice, "general"));
        auto error = alice->request({{"type", "typing"}, {"id", 11}, {"room", "elsewhere"}});
        QVERIFY(error);
        QCOMPARE(str((*error)["type"]), QStringLiteral("error"));
        QCOMPARE(str((*error)["code"]), QStringLiteral("not_subscribed"));
        QCOMPARE(text((*error)["id"]), QStringLiteral("11"));
        QVERIFY(roundTrip(*alice));
    }

    void typingWithReadOnlyTokenIsForbidden()
    {
        QVERIFY(start());
        TestClient *bob = client("bob");
        auto reader = std::make_unique<TestClient>();
        QVERIFY(bob);
        QVERIFY(
            reader->connectAndHello(m_fx->url(), m_fx->token("reader", 3600, std::nullopt, false)));
        QVERIFY(subscribe(bob, "general"));
        QVERIFY(subscribe(reader.get(), "general")); // read-only may subscribe

        auto error = reader->request({{"type", "typing"}, {"id", "t1"}, {"room", "general"}});
        QVERIFY(error);
        QCOMPARE(str((*error)["type"]), QStringLiteral("error"));
        QCOMPARE(str((*error)["code"]), QStringLiteral("forbidden"));
        QCOMPARE(str((*error)["id"]), QStringLiteral("t1"));
        QVERIFY(roundTrip(*bob));
        QVERIFY2(!bob->has("typing"), "a forbidden typing was broadcast");
    }

private:
    bool start(int graceMs = 5000)
    {
        m_fx->config.presenceGraceMs = graceMs;
        if (!m_fx->start()) {
            qWarning("%s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    //! A connected, welcomed client owned by the test; nullptr on failure.
    TestClient *client(const std::string &user, const std::string &name = {})
    {
        auto c = std::make_unique<TestClient>();
        if (!c->connectAndHello(m_fx->url(), m_fx->token(user, 3600, std::nullopt, true, name)))
            return nullptr;
        m_clients.push_back(std::move(c));
        return m_clients.back().get();
    }

    static std::optional<Json> subscribe(TestClient *c, const std::string &room)
    {
        auto reply = c->request({{"type", "subscribe"}, {"room", room}});
        if (!reply || reply->value("type", "") != "subscribed")
            return std::nullopt;
        return reply;
    }

    //! alice and bob, both subscribed to "general", with alice's join for bob consumed;
    //! {nullptr, nullptr} on failure.
    std::pair<TestClient *, TestClient *> aliceAndBobInGeneral()
    {
        TestClient *alice = client("alice");
        TestClient *bob = client("bob");
        if (!alice || !bob || !subscribe(alice, "general") || !subscribe(bob, "general") ||
            !alice->waitFor("join"))
            return {nullptr, nullptr};
        return {alice, bob};
    }

    static QStringList presenceOf(TestClient *c, const std::string &room)
    {
        auto reply = c->request({{"type", "presence"}, {"room", room}});
        if (!reply || reply->value("type", "") != "presence")
            return {QStringLiteral("<no presence reply>")};
        return ids((*reply)["users"]);
    }

    std::unique_ptr<ServerFixture> m_fx;
    std::vector<std::unique_ptr<TestClient>> m_clients;
};

ROOMCAST_SERVER_TEST_MAIN(TstPresence)
#include "tst_presence.moc"
