// End to end: typing: to the other users only, rate limited, only in subscribed rooms and
// with publish rights (PROTOCOL.md section 3 "typing").
#include "presencetest.h"
#include "servertestmain.h"

#include <QElapsedTimer>
#include <QTest>

using namespace roomcast::test;

class TstTyping : public QObject, private PresenceRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { prepareRig(); }
    void cleanup() { releaseRig(); }

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
};

ROOMCAST_SERVER_TEST_MAIN(TstTyping)
#include "tst_typing.moc"
