// Cluster mode, the happy paths: two or three nodes on one real Redis behave as one server
// (PROTOCOL.md 3, 4, 9; docs/cluster.md). Faults are in tst_clusterfaults.cpp.
#include "servertestmain.h"
#include "clusterfixture.h"
#include "jsonassert.h"

#include <QTest>

#include <set>

using namespace roomcast::test;

class TstCluster : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_cluster = std::make_unique<ClusterFixture>();
        QVERIFY2(m_cluster->start(2), m_cluster->error.c_str());
    }
    void cleanup() { m_cluster.reset(); }

    void crossNodeDeliveryInOneSeqOrder()
    {
        TestClient alice, bob;
        QVERIFY(alice.connectAndHello(cluster().node(0).url(), cluster().node(0).token("alice")));
        QVERIFY(bob.connectAndHello(cluster().node(1).url(), cluster().node(1).token("bob")));
        QCOMPARE(str(at(reply(alice.request({{"type", "subscribe"}, {"room", "r"}})), "type")),
                 QStringLiteral("subscribed"));
        QCOMPARE(str(at(reply(bob.request({{"type", "subscribe"}, {"room", "r"}})), "type")),
                 QStringLiteral("subscribed"));

        // Both publish, interleaved, without waiting: one seq line across both nodes.
        constexpr int kEach = 30;
        for (int i = 0; i < kEach; ++i) {
            Json fromAlice = chat("r", "a" + std::to_string(i));
            fromAlice["id"] = 1000 + i;
            alice.send(fromAlice);
            Json fromBob = chat("r", "b" + std::to_string(i));
            fromBob["id"] = 2000 + i;
            bob.send(fromBob);
        }
        std::set<qint64> acked;
        for (int i = 0; i < kEach; ++i) {
            acked.insert(num(at(reply(alice.waitFor("ack", 10000, 1000 + i)), "seq")));
            acked.insert(num(at(reply(bob.waitFor("ack", 10000, 2000 + i)), "seq")));
        }
        QCOMPARE(static_cast<int>(acked.size()), 2 * kEach);
        QCOMPARE(*acked.begin(), 1);
        QCOMPARE(*acked.rbegin(), 2 * kEach);

        for (TestClient *c : {&alice, &bob}) {
            QList<qint64> seqs;
            QList<QString> fromAlice;
            while (seqs.size() < 2 * kEach) {
                auto m = c->waitFor("message", 10000);
                QVERIFY2(m, "a message is missing");
                seqs.append(num(at(*m, "seq")));
                if (str(at(at(*m, "from"), "id")) == QLatin1String("alice"))
                    fromAlice.append(str(at(at(*m, "body"), "text")));
            }
            QCOMPARE(seqs, range(1, 2 * kEach)); // every seq once, ascending, on both nodes
            QCOMPARE(fromAlice.size(), kEach);
            QCOMPARE(fromAlice.first(), QStringLiteral("a0")); // one publisher's order is kept
            QCOMPARE(fromAlice.last(), QStringLiteral("a29"));
            QVERIFY(!c->has("message"));
        }
    }

    void historyAndRecoveryOnAnotherNode()
    {
        TestClient alice;
        QVERIFY(alice.connectAndHello(cluster().node(0).url(), cluster().node(0).token("alice")));
        const Json sub = reply(alice.request({{"type", "subscribe"}, {"room", "h"}}));
        const std::string epoch = at(sub, "epoch").get<std::string>();
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(num(at(reply(alice.request(chat("h", "m" + std::to_string(i)))), "seq")), i);

        // Five more through node b while nobody on a listens.
        TestClient bob;
        QVERIFY(bob.connectAndHello(cluster().node(1).url(), cluster().node(1).token("bob")));
        for (int i = 6; i <= 10; ++i)
            QCOMPARE(num(at(reply(bob.request(chat("h", "m" + std::to_string(i)))), "seq")), i);

        // alice resumes on node b from seq 3: exactly 4..10, recovered.
        TestClient again;
        QVERIFY(again.connectAndHello(cluster().node(1).url(), cluster().node(1).token("alice")));
        const Json resumed = reply(again.request(
            {{"type", "subscribe"}, {"room", "h"}, {"since", {{"epoch", epoch}, {"seq", 3}}}}));
        QCOMPARE(str(at(resumed, "epoch")), QString::fromStdString(epoch));
        QCOMPARE(num(at(resumed, "seq")), 10);
        QCOMPARE(js(at(resumed, "recovered")), js(Json(true)));
        QCOMPARE(seqsOf(at(resumed, "history")), range(4, 10));

        // Another epoch: not recovered, the latest `limit` messages instead.
        const Json other = reply(again.request({{"type", "subscribe"},
                                                {"room", "h"},
                                                {"since", {{"epoch", "nope"}, {"seq", 3}}},
                                                {"limit", 2}}));
        QCOMPARE(js(at(other, "recovered")), js(Json(false)));
        QCOMPARE(seqsOf(at(other, "history")), range(9, 10));

        // history paging reads the same stream from either node.
        const Json page =
            reply(alice.request({{"type", "history"}, {"room", "h"}, {"before", 6}, {"limit", 3}}));
        QCOMPARE(seqsOf(at(page, "messages")), range(3, 5));
        QCOMPARE(js(at(page, "more")), js(Json(true)));
        const Json first =
            reply(bob.request({{"type", "history"}, {"room", "h"}, {"before", 3}, {"limit", 5}}));
        QCOMPARE(seqsOf(at(first, "messages")), range(1, 2));
        QCOMPARE(js(at(first, "more")), js(Json(false)));
    }

    void idempotencyAcrossNodes()
    {
        TestClient watcher;
        QVERIFY(watcher.connectAndHello(cluster().node(1).url(), cluster().node(1).token("w")));
        reply(watcher.request({{"type", "subscribe"}, {"room", "i"}}));
        TestClient onA, onB;
        QVERIFY(onA.connectAndHello(cluster().node(0).url(), cluster().node(0).token("alice")));
        QVERIFY(onB.connectAndHello(cluster().node(1).url(), cluster().node(1).token("alice")));
        const Json first = reply(onA.request(chat("i", "once", "cm-1")));
        const Json repeat = reply(onB.request(chat("i", "once", "cm-1")));
        QCOMPARE(str(at(repeat, "type")), QStringLiteral("ack"));
        QCOMPARE(num(at(repeat, "seq")), num(at(first, "seq")));
        QCOMPARE(str(at(repeat, "ts")), str(at(first, "ts")));
        // Another user's same client_msg_id is another message.
        TestClient carol;
        QVERIFY(carol.connectAndHello(cluster().node(1).url(), cluster().node(1).token("carol")));
        QCOMPARE(num(at(reply(carol.request(chat("i", "mine", "cm-1"))), "seq")),
                 num(at(first, "seq")) + 1);
        // The same client_msg_id in another room is the same publish: acked with its room.
        const Json elsewhere = reply(onB.request(chat("i2", "once", "cm-1")));
        QCOMPARE(str(at(elsewhere, "room")), QStringLiteral("i"));
        QCOMPARE(num(at(elsewhere, "seq")), num(at(first, "seq")));
        // The watcher saw "once" exactly once, then carol's.
        QCOMPARE(num(at(reply(watcher.waitFor("message")), "seq")), 1);
        QCOMPARE(num(at(reply(watcher.waitFor("message")), "seq")), 2);
        QVERIFY(roundTrip(watcher));
        QVERIFY(!watcher.has("message"));
    }

    void presenceIsShared()
    {
        TestClient alice, bob;
        QVERIFY(alice.connectAndHello(cluster().node(0).url(), cluster().node(0).token("alice")));
        QVERIFY(bob.connectAndHello(cluster().node(1).url(), cluster().node(1).token("bob")));
        reply(alice.request({{"type", "subscribe"}, {"room", "p"}}));
        const Json sub = reply(bob.request({{"type", "subscribe"}, {"room", "p"}}));
        QVERIFY(ids(at(sub, "presence")) == (std::set<std::string>{"alice", "bob"}));
        const Json join = reply(alice.waitFor("join"));
        QCOMPARE(str(at(at(join, "user"), "id")), QStringLiteral("bob"));
        QVERIFY(roundTrip(bob));
        QVERIFY(!bob.has("join")); // no join for oneself

        // A second connection of bob, on the other node: no new join anywhere.
        TestClient bob2;
        QVERIFY(bob2.connectAndHello(cluster().node(0).url(), cluster().node(0).token("bob")));
        reply(bob2.request({{"type", "subscribe"}, {"room", "p"}}));
        // The same view from both nodes, subscribed or not.
        TestClient carol;
        QVERIFY(carol.connectAndHello(cluster().node(0).url(), cluster().node(0).token("carol")));
        const Json view = reply(carol.request({{"type", "presence"}, {"room", "p"}}));
        QVERIFY(ids(at(view, "users")) == (std::set<std::string>{"alice", "bob"}));

        // bob leaves node b cleanly: still present through node a, so no leave.
        reply(bob.request({{"type", "unsubscribe"}, {"room", "p"}}));
        // Then his last connection goes: one leave, seen on node a.
        reply(bob2.request({{"type", "unsubscribe"}, {"room", "p"}}));
        const Json leave = reply(alice.waitFor("leave"));
        QCOMPARE(str(at(at(leave, "user"), "id")), QStringLiteral("bob"));
        QVERIFY(roundTrip(alice));
        QVERIFY(!alice.has("join"));
        QVERIFY(!alice.has("leave"));
        QCOMPARE(ids(at(reply(carol.request({{"type", "presence"}, {"room", "p"}})), "users")),
                 (std::set<std::string>{"alice"}));
    }

    void typingCrossesNodes()
    {
        TestClient alice, bob;
        QVERIFY(alice.connectAndHello(cluster().node(0).url(), cluster().node(0).token("alice")));
        QVERIFY(bob.connectAndHello(cluster().node(1).url(), cluster().node(1).token("bob")));
        reply(alice.request({{"type", "subscribe"}, {"room", "t"}}));
        reply(bob.request({{"type", "subscribe"}, {"room", "t"}}));
        alice.send({{"type", "typing"}, {"room", "t"}});
        const Json typing = reply(bob.waitFor("typing"));
        QCOMPARE(str(at(at(typing, "user"), "id")), QStringLiteral("alice"));
        QVERIFY(roundTrip(alice));
        QVERIFY(!alice.has("typing"));
    }

    void subscribingDuringAPublishBurstSeesEachSeqOnce()
    {
        // Subscribes on node b race a burst published on node a: history and live delivery
        // must never overlap, whatever the pub/sub connection's lag.
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(cluster().node(0).url(), cluster().node(0).token("p")));
        constexpr int kMessages = 300;
        for (int i = 0; i < kMessages; ++i)
            publisher.send(chat("burst", std::to_string(i)));
        std::vector<std::unique_ptr<TestClient>> readers;
        for (int r = 0; r < 6; ++r) {
            auto c = std::make_unique<TestClient>();
            QVERIFY(c->connectAndHello(cluster().node(1).url(),
                                       cluster().node(1).token("r" + std::to_string(r))));
            c->send({{"type", "subscribe"}, {"id", 1}, {"room", "burst"}, {"limit", 500}});
            readers.push_back(std::move(c));
        }
        for (auto &c : readers) {
            const Json sub = reply(c->waitFor("subscribed", 10000));
            QList<qint64> seen = seqsOf(at(sub, "history"));
            while (seen.isEmpty() || seen.last() < kMessages) {
                auto m = c->waitFor("message", 10000);
                QVERIFY2(m, qPrintable(QStringLiteral("stalled after %1").arg(seen.size())));
                seen.append(num(at(*m, "seq")));
            }
            QCOMPARE(seen, range(1, kMessages)); // each once, ascending, nothing missing
        }
    }

    void threeNodesOneRoom()
    {
        QVERIFY2(cluster().addNode("c"), cluster().error.c_str());
        std::vector<std::unique_ptr<TestClient>> clients;
        for (std::size_t i = 0; i < 3; ++i) {
            auto c = std::make_unique<TestClient>();
            QVERIFY(c->connectAndHello(cluster().node(i).url(),
                                       cluster().node(i).token("u" + std::to_string(i))));
            reply(c->request({{"type", "subscribe"}, {"room", "three"}}));
            clients.push_back(std::move(c));
        }
        for (int i = 0; i < 9; ++i)
            reply(clients[static_cast<std::size_t>(i % 3)]->request(
                chat("three", std::to_string(i))));
        for (auto &c : clients) {
            QList<qint64> seqs;
            while (seqs.size() < 9) {
                auto m = c->waitFor("message");
                QVERIFY(m);
                seqs.append(num(at(*m, "seq")));
            }
            QCOMPARE(seqs, range(1, 9));
        }
    }

    void drainMovesClientsWithoutLoss()
    {
        // SIGTERM path on node a: goaway, then the client resumes on node b from its position.
        TestClient alice;
        QVERIFY(alice.connectAndHello(cluster().node(0).url(), cluster().node(0).token("alice")));
        const Json sub = reply(alice.request({{"type", "subscribe"}, {"room", "d"}}));
        reply(alice.request(chat("d", "before")));
        QCOMPARE(num(at(reply(alice.waitFor("message")), "seq")), 1);
        cluster().node(0).stop();
        QVERIFY(alice.waitFor("goaway"));
        QCOMPARE(alice.waitClosed(), 1001);

        TestClient bob;
        QVERIFY(bob.connectAndHello(cluster().node(1).url(), cluster().node(1).token("bob")));
        reply(bob.request(chat("d", "while away")));
        TestClient back;
        QVERIFY(back.connectAndHello(cluster().node(1).url(), cluster().node(1).token("alice")));
        const Json resumed =
            reply(back.request({{"type", "subscribe"},
                                {"room", "d"},
                                {"since", {{"epoch", at(sub, "epoch")}, {"seq", 1}}}}));
        QCOMPARE(js(at(resumed, "recovered")), js(Json(true)));
        QCOMPARE(seqsOf(at(resumed, "history")), range(2, 2));
    }

private:
    static std::set<std::string> ids(const Json &users)
    {
        std::set<std::string> out;
        for (const Json &u : users)
            out.insert(u.value("id", std::string()));
        return out;
    }
    ClusterFixture &cluster() { return *m_cluster; }
    std::unique_ptr<ClusterFixture> m_cluster;
};

ROOMCAST_SERVER_TEST_MAIN(TstCluster)
#include "tst_cluster.moc"
