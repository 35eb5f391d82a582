// Rooms: rights per room pattern, the room cap, unsubscribe (and no messages after it).
#include "roomstest.h"
#include "servertestmain.h"

#include <map>

using namespace roomcast::test;
using roomcast::server::ServerConfig;

class TstRoomRights : public RoomsTest
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(startNode()); }
    void cleanup() { m_fx.reset(); }

    void rights_data()
    {
        QTest::addColumn<bool>("hasClaim");
        QTest::addColumn<QStringList>("patterns");
        QTest::addColumn<QString>("room");
        QTest::addColumn<QString>("op");
        QTest::addColumn<bool>("allowed");
        const QStringList team{QStringLiteral("team-*")};
        for (const char *op : {"subscribe", "history", "presence", "publish", "typing"}) {
            const QString o = QString::fromLatin1(op);
            QTest::addRow("team-* general %s", op)
                << true << team << QStringLiteral("general") << o << false;
            QTest::addRow("team-* team-red %s", op)
                << true << team << QStringLiteral("team-red") << o << true;
            QTest::addRow("[] general %s", op)
                << true << QStringList() << QStringLiteral("general") << o << false;
            QTest::addRow("absent general %s", op)
                << false << QStringList() << QStringLiteral("general") << o << true;
        }
        QTest::newRow("team-* is anchored at the start")
            << true << team << QStringLiteral("my-team-red") << QStringLiteral("subscribe")
            << false;
        QTest::newRow("team-* needs the dash")
            << true << team << QStringLiteral("team") << QStringLiteral("subscribe") << false;
        QTest::newRow("team-* matches an empty run")
            << true << team << QStringLiteral("team-") << QStringLiteral("subscribe") << true;
    }
    void rights()
    {
        QFETCH(bool, hasClaim);
        QFETCH(QStringList, patterns);
        QFETCH(QString, room);
        QFETCH(QString, op);
        QFETCH(bool, allowed);
        std::optional<std::vector<std::string>> rooms;
        if (hasClaim) {
            rooms.emplace();
            for (const QString &p : patterns)
                rooms->push_back(p.toStdString());
        }
        const std::string r = room.toStdString();
        // An observer with every right, subscribed to the room.
        auto admin = client("admin");
        QVERIFY(admin);
        EXPECT_FRAME(reply(admin->request(subscribeFrame(r))), "subscribed");
        auto alice = client("alice", rooms);
        QVERIFY(alice);

        Json frame = {{"type", op.toStdString()}, {"id", 5}, {"room", r}};
        if (op == QLatin1String("publish")) {
            frame["kind"] = "chat";
            frame["body"] = {{"text", "hi"}};
        }
        if (!allowed) {
            const Json e = reply(alice->request(frame));
            EXPECT_FRAME(e, "error", "forbidden");
            QCOMPARE(num(at(e, "id")), 5);
            // Nothing happened: nothing stored, no subscription, no typing, no join.
            QVERIFY(publishMany(*admin, r, 1, 1));
            QVERIFY(roundTrip(*alice));
            QVERIFY(!alice->has("message"));
            const Json h = reply(admin->request({{"type", "history"}, {"room", r}}));
            QCOMPARE(seqsOf(at(h, "messages")), QList<qint64>{1});
            QVERIFY(roundTrip(*admin));
            QVERIFY(!admin->has("join"));
            QVERIFY(!admin->has("typing"));
            return;
        }
        if (op == QLatin1String("typing")) {
            EXPECT_FRAME(reply(alice->request(subscribeFrame(r))), "subscribed");
            alice->send(frame);
            const Json t = reply(admin->waitFor("typing", 3000));
            QCOMPARE(usersOf(Json::array({at(t, "user")})),
                     QStringList{QStringLiteral("alice:Alice")});
            QVERIFY(roundTrip(*alice));
            QVERIFY(!alice->has("error"));
            return;
        }
        const Json ok = reply(alice->request(frame));
        const std::map<QString, std::string> replyType{{QStringLiteral("subscribe"), "subscribed"},
                                                       {QStringLiteral("history"), "history"},
                                                       {QStringLiteral("presence"), "presence"},
                                                       {QStringLiteral("publish"), "ack"}};
        EXPECT_FRAME(ok, replyType.at(op));
        QCOMPARE(num(at(ok, "id")), 5);
    }

    void tooManyRooms()
    {
        QVERIFY(restart([](ServerConfig &c) { c.maxRooms = 3; }));
        auto alice = std::make_unique<TestClient>();
        const Json welcome = reply(alice->connectAndHello(m_fx->url(), m_fx->token("alice")));
        QCOMPARE(num(at(at(welcome, "limits"), "max_rooms")), 3);
        for (const char *room : {"r1", "r2", "r3"})
            EXPECT_FRAME(reply(alice->request(subscribeFrame(room))), "subscribed");
        const Json e = reply(alice->request({{"type", "subscribe"}, {"id", 4}, {"room", "r4"}}));
        EXPECT_FRAME(e, "error", "too_many_rooms");
        QCOMPARE(num(at(e, "id")), 4);
        // The refused room was not joined.
        auto bob = client("bob");
        QVERIFY(bob);
        QVERIFY(publishMany(*bob, "r4", 1));
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("message"));
        // Re-subscribing an existing room does not count again; unsubscribing frees a slot.
        EXPECT_FRAME(reply(alice->request(subscribeFrame("r1"))), "subscribed");
        EXPECT_FRAME(reply(alice->request({{"type", "unsubscribe"}, {"room", "r1"}})),
                     "unsubscribed");
        EXPECT_FRAME(reply(alice->request(subscribeFrame("r4"))), "subscribed");
        EXPECT_FRAME(reply(alice->request(subscribeFrame("r5"))), "error", "too_many_rooms");
    }

    void unsubscribeNotSubscribed()
    {
        auto alice = client("alice");
        QVERIFY(alice);
        const Json r =
            reply(alice->request({{"type", "unsubscribe"}, {"id", "u1"}, {"room", "never"}}));
        EXPECT_FRAME(r, "unsubscribed");
        QCOMPARE(str(at(r, "id")), QStringLiteral("u1"));
        QCOMPARE(str(at(r, "room")), QStringLiteral("never"));
        QVERIFY(!r.contains("reason"));
    }

    void noMessagesAfterUnsubscribe()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(alice->request(subscribeFrame("general"))), "subscribed");
        EXPECT_FRAME(reply(alice->request(subscribeFrame("other"))), "subscribed");
        QVERIFY(publishMany(*bob, "general", 1));
        const Json m1 = reply(alice->waitFor("message", 3000));
        QCOMPARE(num(at(m1, "seq")), 1);

        const Json u =
            reply(alice->request({{"type", "unsubscribe"}, {"id", 2}, {"room", "general"}}));
        EXPECT_FRAME(u, "unsubscribed");
        QCOMPARE(num(at(u, "id")), 2);
        QCOMPARE(str(at(u, "room")), QStringLiteral("general"));
        // Bob publishes to general, then a marker to the room alice still follows.
        QVERIFY(publishMany(*bob, "general", 1, 2));
        QVERIFY(publishMany(*bob, "other", 1));
        const Json marker = reply(alice->waitFor("message", 3000));
        QCOMPARE(str(at(marker, "room")), QStringLiteral("other"));
        QVERIFY(roundTrip(*alice));
        QCOMPARE(alice->take("message").size(), std::size_t(0));
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstRoomRights)
#include "tst_roomrights.moc"
