// End to end: subscribe, unsubscribe, recovery with `since`, history paging and room rights
// (PROTOCOL.md sections 3, 6 and 9; docs/protocol.md appendix).
#include "servertestmain.h"
#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <functional>
#include <map>
#include <set>

using namespace roomcast::test;
using roomcast::server::ServerConfig;

namespace {

//! "id:name" of each user, sorted.
QStringList usersOf(const Json &users)
{
    QStringList out;
    if (users.is_array())
        for (const Json &u : users)
            out.append(str(at(u, "id")) + QLatin1Char(':') + str(at(u, "name")));
    out.sort();
    return out;
}

//! Publishes `count` chat messages "m<first>".."m<first+count-1>" without waiting, then waits
//! for every ack. False if one is missing.
bool publishMany(TestClient &c, const std::string &room, int count, int first = 1)
{
    std::vector<int> ids;
    ids.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const int id = c.nextId();
        c.send({{"type", "publish"},
                {"id", id},
                {"room", room},
                {"kind", "chat"},
                {"body", {{"text", "m" + std::to_string(first + i)}}}});
        ids.push_back(id);
    }
    for (int id : ids)
        if (!c.waitFor("ack", 10000, id))
            return false;
    return true;
}

Json subscribeFrame(const std::string &room, const Json &extra = Json::object())
{
    Json frame = {{"type", "subscribe"}, {"room", room}};
    frame.update(extra);
    return frame;
}

} // namespace

class TstRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        // Bulk publishing below must not hit the publish rate limit (tst_publish covers it).
        m_fx->config.publishRate = 1e6;
        m_fx->config.publishBurst = 1000000;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
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

    void historyPaging_data()
    {
        QTest::addColumn<int>("published");
        QTest::addColumn<int>("before"); // 0: absent
        QTest::addColumn<int>("limit");  // -1: absent
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last"); // last < first: no messages
        QTest::addColumn<bool>("more");
        QTest::newRow("empty room") << 0 << 0 << 10 << 1 << 0 << false;
        QTest::newRow("latest 10") << 25 << 0 << 10 << 16 << 25 << true;
        QTest::newRow("page before 16") << 25 << 16 << 10 << 6 << 15 << true;
        QTest::newRow("last page exactly") << 25 << 6 << 5 << 1 << 5 << false;
        QTest::newRow("one older left") << 25 << 7 << 5 << 2 << 6 << true;
        QTest::newRow("last page short") << 25 << 6 << 10 << 1 << 5 << false;
        QTest::newRow("all exactly") << 25 << 0 << 25 << 1 << 25 << false;
        QTest::newRow("all but one") << 25 << 0 << 24 << 2 << 25 << true;
        QTest::newRow("limit 1") << 25 << 0 << 1 << 25 << 25 << true;
        QTest::newRow("limit 500") << 25 << 0 << 500 << 1 << 25 << false;
        QTest::newRow("default limit") << 60 << 0 << -1 << 11 << 60 << true;
        QTest::newRow("before 1") << 25 << 1 << 10 << 1 << 0 << false;
        QTest::newRow("before above latest") << 25 << 1000 << 5 << 21 << 25 << true;
    }
    void historyPaging()
    {
        QFETCH(int, published);
        QFETCH(int, before);
        QFETCH(int, limit);
        QFETCH(int, first);
        QFETCH(int, last);
        QFETCH(bool, more);
        auto bob = client("bob");
        QVERIFY(bob);
        QVERIFY(publishMany(*bob, "general", published));
        // history needs no subscription
        auto alice = client("alice");
        QVERIFY(alice);
        Json request = {{"type", "history"}, {"id", "h1"}, {"room", "general"}};
        if (before)
            request["before"] = before;
        if (limit >= 0)
            request["limit"] = limit;
        const Json r = reply(alice->request(request));
        EXPECT_FRAME(r, "history");
        QCOMPARE(str(at(r, "id")), QStringLiteral("h1"));
        QCOMPARE(str(at(r, "room")), QStringLiteral("general"));
        QCOMPARE(seqsOf(at(r, "messages")), range(first, last));
        QCOMPARE(js(at(r, "more")), js(Json(more)));
        for (const Json &m : at(r, "messages")) {
            EXPECT_FRAME(m, "message");
            QCOMPARE(js(at(m, "body")),
                     js((Json{{"text", "m" + std::to_string(num(at(m, "seq")))}})));
        }
    }

    void badLimit_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("limit"); // JSON text
        for (const QString &type : {QStringLiteral("subscribe"), QStringLiteral("history")}) {
            const QByteArray t = type.toLatin1();
            for (const char *limit : {"0", "501", "-1", "1.5", "\"10\"", "true", "[10]"})
                QTest::addRow("%s limit %s", t.constData(), limit)
                    << type << QString::fromLatin1(limit);
        }
    }
    void badLimit()
    {
        QFETCH(QString, type);
        QFETCH(QString, limit);
        auto alice = client("alice");
        QVERIFY(alice);
        const Json r = reply(alice->request({{"type", type.toStdString()},
                                             {"id", 77},
                                             {"room", "general"},
                                             {"limit", Json::parse(limit.toStdString())}}));
        EXPECT_FRAME(r, "error", "bad_request");
        QCOMPARE(num(at(r, "id")), 77);
        QVERIFY2(str(at(r, "message")).contains(QLatin1String("limit")), r.dump().c_str());
        // A refused subscribe subscribes nothing.
        const Json presence = reply(alice->request({{"type", "presence"}, {"room", "general"}}));
        EXPECT_FRAME(presence, "presence");
        QCOMPARE(js(at(presence, "users")), js(Json::array()));
    }

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

    void liveDeliveryContinuesHistory()
    {
        // Bob streams publishes in small groups, keeping a few groups in flight so that the
        // store is always busy; subscribers join one after another in the middle of it. Each
        // must see history 1..subscribed.seq, then exactly the later messages live, in order.
        constexpr int subscribers = 10;
        constexpr int groupSize = 5;
        constexpr int groupsPerSubscriber = 6;
        constexpr int groups = subscribers * groupsPerSubscriber;
        constexpr int total = groups * groupSize;
        auto bob = client("bob");
        QVERIFY(bob);
        std::vector<std::unique_ptr<TestClient>> subs;
        for (int k = 0; k < subscribers; ++k) {
            subs.push_back(client("sub" + std::to_string(k)));
            QVERIFY(subs.back());
        }
        std::vector<int> ids;
        std::set<int> acked;
        for (int g = 0; g < groups; ++g) {
            for (int i = 0; i < groupSize; ++i) {
                ids.push_back(bob->nextId());
                bob->send({{"type", "publish"},
                           {"id", ids.back()},
                           {"room", "general"},
                           {"kind", "chat"},
                           {"body", {{"text", "m" + std::to_string(ids.size())}}}});
            }
            if (g % groupsPerSubscriber == groupsPerSubscriber / 2)
                subs[std::size_t(g / groupsPerSubscriber)]->send(
                    subscribeFrame("general", {{"id", "s"}, {"limit", 500}}));
            if (g >= 2) { // two groups stay in flight
                const int first = ids[std::size_t((g - 2) * groupSize)];
                QVERIFY(bob->waitFor("ack", 10000, first));
                acked.insert(first);
            }
        }
        for (int id : ids)
            QVERIFY(acked.count(id) || bob->waitFor("ack", 10000, id));

        for (auto &sub : subs) {
            const Json reply = ::reply(sub->waitFor("subscribed", 5000));
            EXPECT_FRAME(reply, "subscribed");
            const qint64 subscribedSeq = num(at(reply, "seq"));
            QList<qint64> seen = seqsOf(at(reply, "history"));
            QCOMPARE(seen, range(1, subscribedSeq));
            while (seen.size() < total) {
                const auto m = sub->waitFor("message", 5000);
                QVERIFY2(m,
                         qPrintable(
                             QStringLiteral("only %1 of %2 messages").arg(seen.size()).arg(total)));
                seen.append(num(at(*m, "seq")));
            }
            QVERIFY(roundTrip(*sub));
            QVERIFY(!sub->has("message"));
            QCOMPARE(seen, range(1, total));
        }
    }

private:
    std::unique_ptr<TestClient> client(const std::string &user,
                                       std::optional<std::vector<std::string>> rooms = std::nullopt,
                                       bool pub = true)
    {
        auto c = std::make_unique<TestClient>();
        if (!c->connectAndHello(m_fx->url(),
                                m_fx->token(user, 3600, std::move(rooms), pub, displayName(user))))
            return nullptr;
        return c;
    }

    //! The room's epoch as a subscribe tells it (then unsubscribes again).
    std::string epochOf(TestClient &c, const std::string &room)
    {
        const Json r = reply(c.request(subscribeFrame(room, {{"limit", 1}})));
        c.request({{"type", "unsubscribe"}, {"room", room}});
        return at(r, "epoch").is_string() ? at(r, "epoch").get<std::string>() : std::string();
    }

    //! bob publishes `count` chat messages "m1".."m<count>" to "general", then disconnects.
    //! Returns the room's epoch; empty on failure.
    std::string publishToGeneral(int count)
    {
        auto bob = client("bob");
        if (!bob || !publishMany(*bob, "general", count))
            return {};
        return epochOf(*bob, "general");
    }

    //! alice's reply to a subscribe to "general" that asks for recovery after `seq` of `epoch`
    //! (a null Json when alice cannot connect).
    Json subscribeToGeneralSince(const std::string &epoch, int seq, int limit)
    {
        auto alice = client("alice");
        if (!alice)
            return Json();
        return reply(alice->request(subscribeFrame(
            "general", {{"since", {{"epoch", epoch}, {"seq", seq}}}, {"limit", limit}})));
    }

    //! Stops the node and starts a new one on the same data directory.
    bool restart(const std::function<void(ServerConfig &)> &adjust = {})
    {
        m_fx->stop();
        if (adjust)
            adjust(m_fx->config);
        if (!m_fx->start()) {
            qWarning("restart failed: %s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstRooms)
#include "tst_rooms.moc"
