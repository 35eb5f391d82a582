// End to end: publish, ack and message events, ordering and idempotency (PROTOCOL.md
// sections 3 and 6; docs/protocol.md appendix). What a publish may carry: tst_publishkinds;
// rights, the rate limit and request ids: tst_publishrules.
#include "publishtest.h"
#include "servertestmain.h"

#include <QDateTime>
#include <QTest>

using namespace roomcast::test;

class TstPublish : public QObject, private PublishRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY2(startRig(), m_fx->lastError.c_str()); }
    void cleanup() { releaseRig(); }

    void ackAndMessageFields()
    {
        auto alice1 = client("alice");
        auto alice2 = client("alice");
        auto bob = client("bob");
        QVERIFY(alice1 && alice2 && bob);
        for (TestClient *c : {alice1.get(), alice2.get(), bob.get()})
            EXPECT_FRAME(reply(c->request({{"type", "subscribe"}, {"room", "general"}})),
                         "subscribed");

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        Json publish = chat("general", "Hello", "6f1c2a9e-1");
        publish["id"] = 7;
        const Json ack = reply(alice1->request(publish));
        EXPECT_FRAME(ack, "ack");
        QCOMPARE(num(at(ack, "id")), 7);
        QCOMPARE(str(at(ack, "room")), QStringLiteral("general"));
        QCOMPARE(num(at(ack, "seq")), 1);
        QVERIFY2(isTimestamp(at(ack, "ts")), ack.dump().c_str());
        const QDateTime ts = QDateTime::fromString(str(at(ack, "ts")), Qt::ISODateWithMs);
        QVERIFY(ts.isValid());
        QCOMPARE(ts.timeSpec(), Qt::UTC);
        QVERIFY(ts.toMSecsSinceEpoch() >= before - 1000);
        QVERIFY(ts.toMSecsSinceEpoch() <= QDateTime::currentMSecsSinceEpoch() + 1000);

        // Every subscriber, the publisher's own connections included, gets the event.
        for (TestClient *c : {alice1.get(), alice2.get(), bob.get()}) {
            const Json m = reply(c->waitFor("message", 3000));
            EXPECT_FRAME(m, "message");
            QCOMPARE(str(at(m, "room")), QStringLiteral("general"));
            QCOMPARE(num(at(m, "seq")), 1);
            QCOMPARE(js(at(m, "ts")), js(at(ack, "ts")));
            QCOMPARE(js(at(m, "from")), js(Json{{"id", "alice"}, {"name", "Alice"}}));
            QCOMPARE(str(at(m, "kind")), QStringLiteral("chat"));
            QCOMPARE(js(at(m, "body")), js(Json{{"text", "Hello"}}));
            QCOMPARE(str(at(m, "client_msg_id")), QStringLiteral("6f1c2a9e-1"));
            QVERIFY(roundTrip(*c));
            QVERIFY(!c->has("message"));
        }
    }

    void seqGrowsByExactlyOnePerRoom()
    {
        auto alice = client("alice");
        QVERIFY(alice);
        const std::vector<std::pair<std::string, qint64>> steps{{"a", 1}, {"a", 2}, {"b", 1},
                                                                {"a", 3}, {"b", 2}, {"a", 4}};
        for (const auto &[room, seq] : steps) {
            const Json ack = reply(alice->request(chat(room, "x")));
            EXPECT_FRAME(ack, "ack");
            QCOMPARE(str(at(ack, "room")), QString::fromStdString(room));
            QCOMPARE(num(at(ack, "seq")), seq);
        }
        QCOMPARE(seqsOf(historyOf(*alice, "a")), range(1, 4));
        QCOMPARE(seqsOf(historyOf(*alice, "b")), range(1, 2));
    }

    void publisherNeedNotBeSubscribed()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json ack = reply(alice->request(chat("general", "unsubscribed hello")));
        EXPECT_FRAME(ack, "ack");
        QCOMPARE(num(at(ack, "seq")), 1);
        const Json m = reply(bob->waitFor("message", 3000));
        QCOMPARE(js(at(m, "body")), js(Json{{"text", "unsubscribed hello"}}));
        QCOMPARE(str(at(at(m, "from"), "id")), QStringLiteral("alice"));
        // Alice is not subscribed, so she gets no event.
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("message"));
    }

    void publishWithoutIdIsAckedWithoutId()
    {
        auto alice = client("alice");
        QVERIFY(alice);
        alice->send(chat("general", "no id"));
        const Json ack = reply(alice->waitFor("ack", 3000));
        EXPECT_FRAME(ack, "ack");
        QVERIFY(!ack.contains("id"));
        QCOMPARE(num(at(ack, "seq")), 1);
    }

    void oneConnectionKeepsSendingOrder()
    {
        constexpr int count = 200;
        auto alice = client("alice");
        QVERIFY(alice);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        std::vector<int> ids;
        for (int i = 1; i <= count; ++i) {
            Json frame = chat("general", "m" + std::to_string(i));
            frame["id"] = alice->nextId();
            ids.push_back(frame["id"].get<int>());
            alice->send(frame);
        }
        for (int i = 1; i <= count; ++i) {
            const Json ack = reply(alice->waitFor("ack", 5000, ids[std::size_t(i - 1)]));
            EXPECT_FRAME(ack, "ack");
            QCOMPARE(num(at(ack, "seq")), i);
        }
        // Delivered in seq order, each with the text sent at that position.
        for (int i = 1; i <= count; ++i) {
            const Json m = reply(alice->waitFor("message", 5000));
            QCOMPARE(num(at(m, "seq")), i);
            QCOMPARE(js(at(m, "body")), js(Json{{"text", "m" + std::to_string(i)}}));
        }
        QCOMPARE(seqsOf(historyOf(*alice, "general")), range(1, count));
    }

    void repeatGetsOriginalAck()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json first = reply(alice->request(chat("general", "first", "c1")));
        EXPECT_FRAME(first, "ack");
        QCOMPARE(num(at(first, "seq")), 1);
        Json again = chat("general", "second try", "c1");
        again["id"] = "again";
        const Json repeated = reply(alice->request(again));
        EXPECT_FRAME(repeated, "ack");
        QCOMPARE(str(at(repeated, "id")), QStringLiteral("again"));
        QCOMPARE(num(at(repeated, "seq")), 1);
        QCOMPARE(js(at(repeated, "ts")), js(at(first, "ts")));

        // Two copies in flight at once: one message, the same seq for both.
        Json a = chat("general", "twin", "c2");
        Json b = a;
        a["id"] = 100;
        b["id"] = 101;
        alice->send(a);
        alice->send(b);
        const Json ackA = reply(alice->waitFor("ack", 3000, 100));
        const Json ackB = reply(alice->waitFor("ack", 3000, 101));
        QCOMPARE(num(at(ackA, "seq")), 2);
        QCOMPARE(num(at(ackB, "seq")), 2);

        // Bob got each message once; the first body is the one stored.
        const Json m1 = reply(bob->waitFor("message", 3000));
        const Json m2 = reply(bob->waitFor("message", 3000));
        QCOMPARE(num(at(m1, "seq")), 1);
        QCOMPARE(js(at(m1, "body")), js(Json{{"text", "first"}}));
        QCOMPARE(num(at(m2, "seq")), 2);
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QCOMPARE(seqsOf(historyOf(*bob, "general")), range(1, 2));
    }

    void repeatFromAnotherConnectionOfSameUser()
    {
        auto alice1 = client("alice");
        auto alice2 = client("alice");
        auto bob = client("bob");
        QVERIFY(alice1 && alice2 && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json first = reply(alice1->request(chat("general", "hi", "c1")));
        EXPECT_FRAME(first, "ack");
        QVERIFY(bob->waitFor("message", 3000));
        const Json repeated = reply(alice2->request(chat("general", "hi", "c1")));
        EXPECT_FRAME(repeated, "ack");
        QCOMPARE(num(at(repeated, "seq")), num(at(first, "seq")));
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QCOMPARE(seqsOf(historyOf(*bob, "general")), range(1, 1));
    }

    void repeatAfterRestart()
    {
        Json first;
        {
            auto alice = client("alice");
            QVERIFY(alice);
            first = reply(alice->request(chat("general", "hi", "c1")));
            EXPECT_FRAME(first, "ack");
            EXPECT_FRAME(reply(alice->request(chat("general", "there", "c2"))), "ack");
        }
        m_fx->stop();
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());

        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json repeated = reply(alice->request(chat("general", "hi", "c1")));
        EXPECT_FRAME(repeated, "ack");
        QCOMPARE(num(at(repeated, "seq")), 1);
        QCOMPARE(js(at(repeated, "ts")), js(at(first, "ts")));
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QCOMPARE(seqsOf(historyOf(*bob, "general")), range(1, 2));
        const Json next = reply(alice->request(chat("general", "new", "c3")));
        QCOMPARE(num(at(next, "seq")), 3);
    }

    void sameClientMsgIdOfAnotherUserIsNew()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json mine = reply(alice->request(chat("general", "from alice", "shared")));
        QCOMPARE(num(at(mine, "seq")), 1);
        const Json theirs = reply(bob->request(chat("general", "from bob", "shared")));
        EXPECT_FRAME(theirs, "ack");
        QCOMPARE(num(at(theirs, "seq")), 2);
        QVERIFY(alice->waitFor("message", 3000)); // her own
        const Json m = reply(alice->waitFor("message", 3000));
        QCOMPARE(num(at(m, "seq")), 2);
        QCOMPARE(str(at(at(m, "from"), "id")), QStringLiteral("bob"));
        QCOMPARE(js(at(m, "body")), js(Json{{"text", "from bob"}}));
        QCOMPARE(str(at(m, "client_msg_id")), QStringLiteral("shared"));
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstPublish)
#include "tst_publish.moc"
