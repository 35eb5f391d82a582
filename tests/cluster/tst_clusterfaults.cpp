// Cluster mode under faults: Redis unreachable at start, stopped, killed, frozen or wiped
// mid-stream, and a node that dies without a word. No acknowledged message may be lost and no
// client may see one twice (PROTOCOL.md 8, 9; docs/cluster.md).
#include "servertestmain.h"
#include "clusterfixture.h"
#include "jsonassert.h"

#include "server/node/node.h"

#include <QTcpServer>
#include <QTest>

using namespace roomcast::test;

namespace {
//! Publishes with a client_msg_id; the ack's seq, or -1 with the refusal in `error`.
qint64 publishAcked(TestClient &c, const std::string &room, const std::string &text,
                    std::string *error = nullptr)
{
    const auto answer = c.request(chat(room, text, "cm-" + text), 10000);
    if (answer && answer->value("type", "") == "ack")
        return answer->value("seq", qint64{-1});
    if (error)
        *error = answer ? answer->dump() : "no answer";
    return -1;
}
} // namespace

class TstClusterFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unreachableRedisRefusesToStart()
    {
        QTcpServer closed; // a port nobody listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        ServerFixture node;
        node.config.redisUrl = QStringLiteral("redis://127.0.0.1:%1/0").arg(port);
        QVERIFY(!node.start());
        QVERIFY2(QString::fromStdString(node.lastError).contains(QStringLiteral("Redis")),
                 node.lastError.c_str());
        QVERIFY2(QString::fromStdString(node.lastError).contains(QString::number(port)),
                 node.lastError.c_str());

        ServerFixture bad;
        bad.config.redisUrl = QStringLiteral("http://127.0.0.1:6379");
        QVERIFY(!bad.start());
        QVERIFY2(bad.lastError.find("--redis") != std::string::npos, bad.lastError.c_str());
    }

    void redisRestartLosesNothing_data()
    {
        QTest::addColumn<bool>("crash");
        QTest::newRow("SIGTERM") << false;
        QTest::newRow("SIGKILL") << true;
    }

    void redisRestartLosesNothing()
    {
        QFETCH(bool, crash);
        ClusterFixture cluster;
        QVERIFY2(cluster.start(2, 900), cluster.error.c_str());
        TestClient publisher, reader;
        QVERIFY(publisher.connectAndHello(cluster.node(0).url(), cluster.node(0).token("p")));
        QVERIFY(reader.connectAndHello(cluster.node(1).url(), cluster.node(1).token("r")));
        reply(reader.request({{"type", "subscribe"}, {"room", "x"}}));

        for (int i = 1; i <= 10; ++i)
            QCOMPARE(publishAcked(publisher, "x", std::to_string(i)), i);
        if (crash)
            cluster.redis.kill();
        else
            cluster.redis.stop();
        auto *nodeA = cluster.node(0).server->node();
        QTRY_VERIFY_WITH_TIMEOUT(!nodeA->health().bus, 30000);
        const Json refused = reply(publisher.request(chat("x", "while down", "cm-down")));
        QCOMPARE(str(at(refused, "code")), QStringLiteral("unavailable"));

        QVERIFY2(cluster.redis.start(), qPrintable(cluster.redis.lastError));
        QTRY_VERIFY_WITH_TIMEOUT(nodeA->health().bus, 30000);
        for (int i = 11; i <= 20; ++i)
            QCOMPARE(publishAcked(publisher, "x", std::to_string(i)), i);

        // The reader on the other node got every message once, in order, across the restart.
        QList<qint64> seqs;
        while (seqs.size() < 20) {
            auto m = reader.waitFor("message", 15000);
            QVERIFY2(m, qPrintable(QStringLiteral("got only %1").arg(seqs.size())));
            seqs.append(num(at(*m, "seq")));
        }
        QCOMPARE(seqs, range(1, 20));
        QVERIFY(roundTrip(reader));
        QVERIFY(!reader.has("message"));
        const Json history =
            reply(reader.request({{"type", "history"}, {"room", "x"}, {"limit", 100}}));
        QCOMPARE(seqsOf(at(history, "messages")), range(1, 20));
    }

    void failedResubscribeKeepsTheSubscription()
    {
        ClusterFixture cluster;
        QVERIFY2(cluster.start(1, 900), cluster.error.c_str());
        auto *node = cluster.node(0).server->node();
        TestClient alice;
        QVERIFY(alice.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        reply(alice.request({{"type", "subscribe"}, {"room", "s"}}));
        cluster.redis.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!node->health().bus, 30000);
        const Json again = reply(alice.request({{"type", "subscribe"}, {"room", "s"}}));
        QCOMPARE(str(at(again, "code")), QStringLiteral("unavailable"));
        QVERIFY2(cluster.redis.start(), qPrintable(cluster.redis.lastError));
        QTRY_VERIFY_WITH_TIMEOUT(node->health().bus, 30000);
        // Still subscribed: the refused repeat did not undo the first subscription.
        TestClient bob;
        QVERIFY(bob.connectAndHello(cluster.node(0).url(), cluster.node(0).token("bob")));
        QCOMPARE(publishAcked(bob, "s", "after"), 1);
        QCOMPARE(num(at(reply(alice.waitFor("message")), "seq")), 1);
    }

    void flushedScriptsAreSentAgain()
    {
        ClusterFixture cluster;
        QVERIFY2(cluster.start(1, 900), cluster.error.c_str());
        TestClient alice;
        QVERIFY(alice.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        QCOMPARE(publishAcked(alice, "sf", "1"), 1);
        QVERIFY(cluster.redis.cli({QStringLiteral("SCRIPT"), QStringLiteral("FLUSH")}));
        QCOMPARE(publishAcked(alice, "sf", "2"), 2); // NOSCRIPT, then the text again
        QCOMPARE(publishAcked(alice, "sf", "3"), 3);
    }

    void redisBackWithOlderDataMeansNewEpoch()
    {
        // Redis returns with a room's history behind what nodes delivered (appendfsync
        // everysec, a snapshot): reusing seqs 3.. would be silently wrong history.
        ClusterFixture cluster;
        QVERIFY2(cluster.start(1, 900), cluster.error.c_str());
        TestClient alice;
        QVERIFY(alice.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        const Json sub = reply(alice.request({{"type", "subscribe"}, {"room", "o"}}));
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(publishAcked(alice, "o", std::to_string(i)), i);
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(num(at(reply(alice.waitFor("message")), "seq")), i);
        // Rewind the room to seq 2, as an older copy of the data would have it.
        QVERIFY(cluster.redis.cli({QStringLiteral("XTRIM"), QStringLiteral("rc:s:o"),
                                   QStringLiteral("MAXLEN"), QStringLiteral("0")}));
        QVERIFY(cluster.redis.cli({QStringLiteral("DEL"), QStringLiteral("rc:s:o")}));
        QVERIFY(
            cluster.redis.cli({QStringLiteral("XADD"), QStringLiteral("rc:s:o"),
                               QStringLiteral("1-0"), QStringLiteral("m"), QStringLiteral("{}")}));
        QVERIFY(cluster.redis.cli({QStringLiteral("HSET"), QStringLiteral("rc:r:o"),
                                   QStringLiteral("seq"), QStringLiteral("2")}));
        cluster.redis.stop();
        QVERIFY2(cluster.redis.start(), qPrintable(cluster.redis.lastError));
        const Json goaway = reply(alice.waitFor("goaway", 20000));
        QCOMPARE(str(at(goaway, "reason")), QStringLiteral("history_reset"));
        QTRY_VERIFY_WITH_TIMEOUT(cluster.node(0).server->node()->health().bus, 20000);
        TestClient again;
        QVERIFY(again.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        const Json resumed =
            reply(again.request({{"type", "subscribe"},
                                 {"room", "o"},
                                 {"since", {{"epoch", at(sub, "epoch")}, {"seq", 5}}}}));
        QCOMPARE(js(at(resumed, "recovered")), js(Json(false)));
        QVERIFY(str(at(resumed, "epoch")) != str(at(sub, "epoch")));
    }

    void frozenRedisTurnsUnhealthyAndRecovers()
    {
        ClusterFixture cluster;
        QVERIFY2(cluster.start(1, 600), cluster.error.c_str());
        auto *node = cluster.node(0).server->node();
        QTRY_VERIFY(node->health().bus);
        cluster.redis.freeze();
        QTRY_VERIFY_WITH_TIMEOUT(!node->health().bus, 20000); // noticed without any traffic
        cluster.redis.thaw();
        QTRY_VERIFY_WITH_TIMEOUT(node->health().bus, 20000);
        TestClient c;
        QVERIFY(c.connectAndHello(cluster.node(0).url(), cluster.node(0).token("c")));
        QCOMPARE(publishAcked(c, "f", "after"), 1);
    }

    void deadNodesUsersLeaveEverywhere()
    {
        ClusterFixture cluster;
        QVERIFY2(cluster.start(2, 900), cluster.error.c_str());
        TestClient alice, bob;
        QVERIFY(alice.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        QVERIFY(bob.connectAndHello(cluster.node(1).url(), cluster.node(1).token("bob")));
        reply(alice.request({{"type", "subscribe"}, {"room", "z"}}));
        reply(bob.request({{"type", "subscribe"}, {"room", "z"}}));
        QCOMPARE(at(reply(bob.request({{"type", "presence"}, {"room", "z"}})), "users").size(),
                 std::size_t{2});

        // Node a vanishes without announcing anything (as after kill -9): no leave is sent
        // by it, so only the others' heartbeat can tell.
        cluster.node(0).server.reset();
        const Json leave = reply(bob.waitFor("leave", 10000));
        QCOMPARE(str(at(at(leave, "user"), "id")), QStringLiteral("alice"));
        const Json users = at(reply(bob.request({{"type", "presence"}, {"room", "z"}})), "users");
        QCOMPARE(users.size(), std::size_t{1});
        QCOMPARE(str(at(users[0], "id")), QStringLiteral("bob"));
        QVERIFY(roundTrip(bob));
        QVERIFY(!bob.has("leave")); // exactly once
    }

    void wipedRedisMeansNewEpoch()
    {
        ClusterFixture cluster;
        QVERIFY2(cluster.start(1, 900), cluster.error.c_str());
        TestClient alice;
        QVERIFY(alice.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        const Json sub = reply(alice.request({{"type", "subscribe"}, {"room", "w"}}));
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(publishAcked(alice, "w", std::to_string(i)), i);
        QVERIFY(cluster.redis.flushAll());
        cluster.redis.stop();
        QVERIFY2(cluster.redis.start(), qPrintable(cluster.redis.lastError));
        // The node learns the history is gone and sends its subscribers to start over.
        const Json goaway = reply(alice.waitFor("goaway", 20000));
        QCOMPARE(str(at(goaway, "reason")), QStringLiteral("history_reset"));
        QCOMPARE(alice.waitClosed(), 1001);
        QTRY_VERIFY_WITH_TIMEOUT(cluster.node(0).server->node()->health().bus, 20000);

        TestClient again;
        QVERIFY(again.connectAndHello(cluster.node(0).url(), cluster.node(0).token("alice")));
        const Json resumed =
            reply(again.request({{"type", "subscribe"},
                                 {"room", "w"},
                                 {"since", {{"epoch", at(sub, "epoch")}, {"seq", 3}}}}));
        QCOMPARE(js(at(resumed, "recovered")), js(Json(false)));
        QVERIFY(str(at(resumed, "epoch")) != str(at(sub, "epoch")));
        QCOMPARE(num(at(resumed, "seq")), 0);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstClusterFaults)
#include "tst_clusterfaults.moc"
