// End to end: presence per user, with the grace period for unclean exits (PROTOCOL.md
// sections 4 and 9 "Presence"). Typing: tst_typing.
#include "presencetest.h"
#include "servertestmain.h"

#include <QElapsedTimer>
#include <QTest>

using namespace roomcast::test;

class TstPresence : public QObject, private PresenceRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { prepareRig(); }
    void cleanup() { releaseRig(); }

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
};

ROOMCAST_SERVER_TEST_MAIN(TstPresence)
#include "tst_presence.moc"
