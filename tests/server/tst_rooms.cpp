// End to end: subscribe, recovery with `since`, epochs across restarts and a wiped data
// directory, a store that cannot be read (PROTOCOL.md sections 3, 6 and 9); history paging,
// limits and rights are in tst_roomhistory.
#include "roomstest.h"
#include "servertestmain.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace roomcast::test;
using roomcast::server::ServerConfig;

class TstRooms : public RoomsTest
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(startNode()); }
    void cleanup() { m_fx.reset(); }

    void unreadableStoreAnswersUnavailable()
    {
        // A store that cannot be read must not look like an empty room (review #9).
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("alice")));
        QCOMPARE(num(at(reply(c.request({{"type", "publish"},
                                         {"room", "u"},
                                         {"kind", "chat"},
                                         {"body", {{"text", "kept"}}}})),
                        "seq")),
                 1);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("saboteur"));
            db.setDatabaseName(m_fx->dir.filePath(QStringLiteral("roomcast.db")));
            QVERIFY(db.open());
            QSqlQuery drop(db);
            QVERIFY2(drop.exec(QStringLiteral("DROP TABLE messages")),
                     qPrintable(drop.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));
        const Json sub = reply(c.request({{"type", "subscribe"}, {"room", "u"}}));
        QCOMPARE(str(at(sub, "type")), QStringLiteral("error"));
        QCOMPARE(str(at(sub, "code")), QStringLiteral("unavailable"));
        const Json history = reply(c.request({{"type", "history"}, {"room", "u"}}));
        QCOMPARE(str(at(history, "code")), QStringLiteral("unavailable"));
        QVERIFY(roundTrip(c)); // the connection stays usable
    }

    void subscribeToEmptyRoom()
    {
        auto alice = client("alice");
        QVERIFY(alice);
        const Json r =
            reply(alice->request({{"type", "subscribe"}, {"id", 1}, {"room", "general"}}));
        EXPECT_FRAME(r, "subscribed");
        QCOMPARE(num(at(r, "id")), 1);
        QCOMPARE(str(at(r, "room")), QStringLiteral("general"));
        QVERIFY(at(r, "epoch").is_string());
        QVERIFY(!str(at(r, "epoch")).isEmpty());
        QCOMPARE(num(at(r, "seq")), 0);
        QCOMPARE(js(at(r, "recovered")), js(Json(false)));
        QCOMPARE(js(at(r, "history")), js(Json::array()));
        QCOMPARE(usersOf(at(r, "presence")), QStringList{QStringLiteral("alice:Alice")});
        // No join for oneself.
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("join"));
    }

    void subscribeReturnsLatestLimit_data()
    {
        QTest::addColumn<int>("published");
        QTest::addColumn<int>("limit"); // -1: absent (default 50)
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::newRow("limit 3 of 10") << 10 << 3 << 8 << 10;
        QTest::newRow("limit above count") << 5 << 50 << 1 << 5;
        QTest::newRow("limit 1") << 5 << 1 << 5 << 5;
        QTest::newRow("default 50 of 60") << 60 << -1 << 11 << 60;
    }
    void subscribeReturnsLatestLimit()
    {
        QFETCH(int, published);
        QFETCH(int, limit);
        QFETCH(int, first);
        QFETCH(int, last);
        auto bob = client("bob");
        QVERIFY(bob);
        QVERIFY(publishMany(*bob, "general", published));
        auto alice = client("alice");
        QVERIFY(alice);
        const Json r = reply(alice->request(
            subscribeFrame("general", limit < 0 ? Json::object() : Json{{"limit", limit}})));
        EXPECT_FRAME(r, "subscribed");
        QCOMPARE(num(at(r, "seq")), published);
        QCOMPARE(js(at(r, "recovered")), js(Json(false)));
        QCOMPARE(seqsOf(at(r, "history")), range(first, last));
        // History entries are complete message events.
        for (const Json &m : at(r, "history")) {
            EXPECT_FRAME(m, "message");
            QCOMPARE(str(at(m, "room")), QStringLiteral("general"));
            QVERIFY(isTimestamp(at(m, "ts")));
            QCOMPARE(usersOf(Json::array({at(m, "from")})), QStringList{QStringLiteral("bob:Bob")});
            QCOMPARE(str(at(m, "kind")), QStringLiteral("chat"));
            QCOMPARE(js(at(m, "body")),
                     js((Json{{"text", "m" + std::to_string(num(at(m, "seq")))}})));
        }
    }

    void presenceListsEveryUserOnce()
    {
        auto bob = client("bob");
        auto bob2 = client("bob");
        auto alice = client("alice");
        QVERIFY(bob && bob2 && alice);
        EXPECT_FRAME(reply(bob->request(subscribeFrame("general"))), "subscribed");
        EXPECT_FRAME(reply(bob2->request(subscribeFrame("general"))), "subscribed");
        const Json r = reply(alice->request(subscribeFrame("general")));
        EXPECT_FRAME(r, "subscribed");
        QCOMPARE(usersOf(at(r, "presence")),
                 (QStringList{QStringLiteral("alice:Alice"), QStringLiteral("bob:Bob")}));
    }

    void subscribeTwiceResendsReply()
    {
        auto bob = client("bob");
        auto alice = client("alice");
        QVERIFY(bob && alice);
        EXPECT_FRAME(reply(bob->request(subscribeFrame("general"))), "subscribed");
        QVERIFY(publishMany(*bob, "general", 2));

        const Json first = reply(alice->request(subscribeFrame("general")));
        EXPECT_FRAME(first, "subscribed");
        QVERIFY(bob->waitFor("join", 3000));
        const Json second =
            reply(alice->request({{"type", "subscribe"}, {"id", "again"}, {"room", "general"}}));
        EXPECT_FRAME(second, "subscribed");
        QCOMPARE(str(at(second, "id")), QStringLiteral("again"));
        QCOMPARE(js(at(second, "epoch")), js(at(first, "epoch")));
        QCOMPARE(num(at(second, "seq")), 2);
        QCOMPARE(seqsOf(at(second, "history")), range(1, 2));
        QCOMPARE(usersOf(at(second, "presence")),
                 (QStringList{QStringLiteral("alice:Alice"), QStringLiteral("bob:Bob")}));
        // No second join for bob, and a message reaches alice once, not twice.
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("join"));
        QVERIFY(publishMany(*bob, "general", 1, 3));
        QVERIFY(alice->waitFor("message", 3000));
        QVERIFY(roundTrip(*alice));
        QCOMPARE(alice->take("message").size(), std::size_t(0));
        // One subscription, so one unsubscribe ends it: alice leaves and gets nothing more.
        EXPECT_FRAME(reply(alice->request({{"type", "unsubscribe"}, {"room", "general"}})),
                     "unsubscribed");
        const Json leave = reply(bob->waitFor("leave", 3000));
        QCOMPARE(str(at(at(leave, "user"), "id")), QStringLiteral("alice"));
        const Json presence = reply(bob->request({{"type", "presence"}, {"room", "general"}}));
        QCOMPARE(usersOf(at(presence, "users")), QStringList{QStringLiteral("bob:Bob")});
        QVERIFY(publishMany(*bob, "general", 1, 4));
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("message"));
    }

    void recoveryReturnsExactlyTheGap_data()
    {
        QTest::addColumn<int>("retention"); // 0: the default
        QTest::addColumn<int>("published");
        QTest::addColumn<int>("since");
        QTest::addColumn<int>("limit");
        QTest::newRow("small gap") << 0 << 10 << 4 << 50;
        QTest::newRow("gap larger than limit") << 0 << 30 << 5 << 2;
        QTest::newRow("nothing missed") << 0 << 10 << 10 << 50;
        QTest::newRow("empty room") << 0 << 0 << 0 << 50;
        QTest::newRow("from the start") << 0 << 7 << 0 << 3;
        QTest::newRow("gap of exactly 500") << 0 << 520 << 20 << 10;
        QTest::newRow("whole retained range") << 20 << 40 << 20 << 5;
    }
    void recoveryReturnsExactlyTheGap()
    {
        QFETCH(int, retention);
        QFETCH(int, published);
        QFETCH(int, since);
        QFETCH(int, limit);
        if (retention)
            QVERIFY(restart([&](ServerConfig &c) { c.retention = retention; }));
        const std::string epoch = publishToGeneral(published);
        QVERIFY(!epoch.empty());

        const Json r = subscribeToGeneralSince(epoch, since, limit);
        EXPECT_FRAME(r, "subscribed");
        QCOMPARE(js(at(r, "epoch")), js(Json(epoch)));
        QCOMPARE(num(at(r, "seq")), published);
        QCOMPARE(js(at(r, "recovered")), js(Json(true)));
        QCOMPARE(seqsOf(at(r, "history")), range(since + 1, published));
    }

    void recoveryFallsBackToLatest_data()
    {
        QTest::addColumn<int>("retention"); // 0: the default
        QTest::addColumn<int>("published");
        QTest::addColumn<bool>("sameEpoch");
        QTest::addColumn<int>("since");
        QTest::addColumn<int>("limit");
        QTest::newRow("other epoch") << 0 << 10 << false << 4 << 3;
        QTest::newRow("since above seq") << 0 << 5 << true << 6 << 3;
        QTest::newRow("since above seq of empty room") << 0 << 0 << true << 1 << 3;
        QTest::newRow("gap of 501") << 0 << 521 << true << 20 << 10;
        QTest::newRow("gap older than retention") << 20 << 40 << true << 10 << 5;
    }
    void recoveryFallsBackToLatest()
    {
        QFETCH(int, retention);
        QFETCH(int, published);
        QFETCH(bool, sameEpoch);
        QFETCH(int, since);
        QFETCH(int, limit);
        if (retention)
            QVERIFY(restart([&](ServerConfig &c) { c.retention = retention; }));
        const std::string epoch = publishToGeneral(published);
        QVERIFY(!epoch.empty());

        const std::string sinceEpoch = sameEpoch ? epoch : epoch + "x";
        const Json r = subscribeToGeneralSince(sinceEpoch, since, limit);
        EXPECT_FRAME(r, "subscribed");
        QCOMPARE(js(at(r, "epoch")), js(Json(epoch)));
        QCOMPARE(num(at(r, "seq")), published);
        QCOMPARE(js(at(r, "recovered")), js(Json(false)));
        QCOMPARE(seqsOf(at(r, "history")), range(std::max(1, published - limit + 1), published));
    }

    void restartKeepsEpochAndRecovery()
    {
        const std::string epoch = publishToGeneral(5);
        QVERIFY(!epoch.empty());
        QVERIFY(restart());

        auto alice = client("alice");
        QVERIFY(alice);
        const Json r = reply(
            alice->request(subscribeFrame("general", {{"since", {{"epoch", epoch}, {"seq", 3}}}})));
        EXPECT_FRAME(r, "subscribed");
        QCOMPARE(js(at(r, "epoch")), js(Json(epoch)));
        QCOMPARE(num(at(r, "seq")), 5);
        QCOMPARE(js(at(r, "recovered")), js(Json(true)));
        QCOMPARE(seqsOf(at(r, "history")), range(4, 5));
        // The sequence continues where it stopped.
        const Json ack = reply(alice->request({{"type", "publish"},
                                               {"room", "general"},
                                               {"kind", "chat"},
                                               {"body", {{"text", "m6"}}}}));
        EXPECT_FRAME(ack, "ack");
        QCOMPARE(num(at(ack, "seq")), 6);
    }

    void wipedDataDirGivesNewEpoch()
    {
        const std::string epoch = publishToGeneral(5);
        QVERIFY(!epoch.empty());
        m_fx->stop();
        QVERIFY(QDir(m_fx->dir.path()).removeRecursively());
        QVERIFY(QDir().mkpath(m_fx->dir.path()));
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());

        auto alice = client("alice");
        QVERIFY(alice);
        const Json r = reply(
            alice->request(subscribeFrame("general", {{"since", {{"epoch", epoch}, {"seq", 0}}}})));
        EXPECT_FRAME(r, "subscribed");
        QVERIFY(!str(at(r, "epoch")).isEmpty());
        QVERIFY(at(r, "epoch") != Json(epoch));
        QCOMPARE(num(at(r, "seq")), 0);
        QCOMPARE(js(at(r, "recovered")), js(Json(false)));
        QCOMPARE(js(at(r, "history")), js(Json::array()));
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstRooms)
#include "tst_rooms.moc"
