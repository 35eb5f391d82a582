// Rooms: history paging and its limits, and live delivery continuing history without a gap
// or a duplicate. Rights per room pattern, the room cap, unsubscribe: tst_roomrights.
#include "roomstest.h"
#include "servertestmain.h"

#include <set>

using namespace roomcast::test;

class TstRoomHistory : public RoomsTest
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(startNode()); }
    void cleanup() { m_fx.reset(); }

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
};

ROOMCAST_SERVER_TEST_MAIN(TstRoomHistory)
#include "tst_roomhistory.moc"
