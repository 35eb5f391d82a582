// Two real roomcast-server processes on one real Redis: what an operator runs from the
// README. kill -9 of a node loses no acknowledged message and its users leave everywhere;
// curl-style HTTP posts reach subscribers on every node; /healthz follows Redis.
#include "clusterfixture.h"
#include "httpexchange.h"
#include "jsonassert.h"
#include "serverprocess.h"

#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace roomcast::test;

namespace {
const QByteArray kSecret = QByteArrayLiteral("cluster-process-test-secret");

std::string tokenFor(const std::string &user)
{
    roomcast::protocol::Claims claims;
    claims.sub = user;
    claims.name = user;
    claims.exp = QDateTime::currentSecsSinceEpoch() + 3600;
    return roomcast::protocol::signToken(
        claims, std::string_view(kSecret.constData(), static_cast<std::size_t>(kSecret.size())));
}
} // namespace

class TstClusterProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY2(m_redis.start(), qPrintable(m_redis.lastError));
        QVERIFY(m_dir.isValid());
        QFile secret(m_dir.filePath(QStringLiteral("secret")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write(kSecret);
        secret.close();
        for (const char *id : {"a", "b"}) {
            auto node = std::make_unique<ServerProcess>();
            QVERIFY2(node->start({QStringLiteral("--port"), QStringLiteral("0"),
                                  QStringLiteral("--node-id"), QString::fromLatin1(id),
                                  QStringLiteral("--redis"), m_redis.url(),
                                  QStringLiteral("--presence-ttl"), QStringLiteral("900"),
                                  QStringLiteral("--secret-file"), secret.fileName(),
                                  QStringLiteral("--data-dir"),
                                  m_dir.filePath(QString::fromLatin1(id))}),
                     node->stdErr().constData());
            m_nodes.push_back(std::move(node));
        }
    }
    void cleanup()
    {
        m_nodes.clear();
        m_redis.kill();
    }

    void killedNodeLosesNothingAndItsUsersLeave()
    {
        TestClient alice, bob;
        QVERIFY(alice.connectAndHello(m_nodes[0]->url(), tokenFor("alice")));
        QVERIFY(bob.connectAndHello(m_nodes[1]->url(), tokenFor("bob")));
        const Json sub = reply(alice.request({{"type", "subscribe"}, {"room", "k"}}));
        reply(bob.request({{"type", "subscribe"}, {"room", "k"}}));
        QVERIFY(alice.waitFor("join")); // bob, through node b

        // alice publishes through node a; every ack counts.
        for (int i = 1; i <= 10; ++i)
            QCOMPARE(
                num(at(reply(alice.request(chat("k", std::to_string(i), "k" + std::to_string(i)))),
                       "seq")),
                i);
        ::kill(static_cast<pid_t>(m_nodes[0]->process().processId()), SIGKILL);
        QVERIFY(m_nodes[0]->process().waitForFinished(5000));
        QVERIFY(alice.waitClosed() != -1);

        // Node b's heartbeat finds node a dead: alice leaves, once.
        const Json leave = reply(bob.waitFor("leave", 10000));
        QCOMPARE(str(at(at(leave, "user"), "id")), QStringLiteral("alice"));

        // alice resumes on node b: nothing acknowledged is missing.
        TestClient back;
        QVERIFY(back.connectAndHello(m_nodes[1]->url(), tokenFor("alice")));
        const Json resumed =
            reply(back.request({{"type", "subscribe"},
                                {"room", "k"},
                                {"since", {{"epoch", at(sub, "epoch")}, {"seq", 0}}}}));
        QCOMPARE(js(at(resumed, "recovered")), js(Json(true)));
        QCOMPARE(seqsOf(at(resumed, "history")), range(1, 10));
        // And bob got each of them once.
        QList<qint64> seqs;
        while (seqs.size() < 10) {
            auto m = bob.waitFor("message");
            QVERIFY(m);
            seqs.append(num(at(*m, "seq")));
        }
        QCOMPARE(seqs, range(1, 10));
    }

    void stalledNodeComesBackIntoPresence()
    {
        // Node a stops (SIGSTOP) longer than --presence-ttl: node b reaps its users. Once it
        // runs again, its next heartbeat finds itself reaped and announces its users again.
        TestClient alice, bob;
        QVERIFY(alice.connectAndHello(m_nodes[0]->url(), tokenFor("alice")));
        QVERIFY(bob.connectAndHello(m_nodes[1]->url(), tokenFor("bob")));
        reply(alice.request({{"type", "subscribe"}, {"room", "st"}}));
        reply(bob.request({{"type", "subscribe"}, {"room", "st"}}));
        const auto pid = static_cast<pid_t>(m_nodes[0]->process().processId());
        ::kill(pid, SIGSTOP);
        const Json leave = reply(bob.waitFor("leave", 10000));
        ::kill(pid, SIGCONT);
        QCOMPARE(str(at(at(leave, "user"), "id")), QStringLiteral("alice"));
        const Json join = reply(bob.waitFor("join", 10000));
        QCOMPARE(str(at(at(join, "user"), "id")), QStringLiteral("alice"));
        const Json users = at(reply(bob.request({{"type", "presence"}, {"room", "st"}})), "users");
        QCOMPARE(users.size(), std::size_t{2});
    }

    void httpPostReachesEveryNodeAndHealthFollowsRedis()
    {
        TestClient onA, onB;
        QVERIFY(onA.connectAndHello(m_nodes[0]->url(), tokenFor("w1")));
        QVERIFY(onB.connectAndHello(m_nodes[1]->url(), tokenFor("w2")));
        reply(onA.request({{"type", "subscribe"}, {"room", "alerts"}}));
        reply(onB.request({{"type", "subscribe"}, {"room", "alerts"}}));

        QUrl http = m_nodes[1]->url();
        http.setScheme(QStringLiteral("http"));
        http.setPath(QString());
        const QByteArray body =
            R"({"kind":"notification","body":{"title":"Deploy finished"},"client_msg_id":"d-1"})";
        const QByteArray post = HttpExchange::request(
            "POST", "/api/rooms/alerts/messages",
            {"Authorization: Bearer " + QByteArray::fromStdString(tokenFor("ci")),
             "Content-Type: application/json"},
            body);
        const HttpReply created = HttpExchange::send(http, post);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value("seq", 0), 1);
        for (TestClient *c : {&onA, &onB}) {
            const Json m = reply(c->waitFor("message"));
            QCOMPARE(str(at(at(m, "body"), "title")), QStringLiteral("Deploy finished"));
        }
        // A retry through the other node: 200, the same seq, no second delivery.
        QUrl httpA = m_nodes[0]->url();
        httpA.setScheme(QStringLiteral("http"));
        httpA.setPath(QString());
        const HttpReply repeat = HttpExchange::send(httpA, post);
        QCOMPARE(repeat.status, 200);
        QCOMPARE(repeat.json().value("seq", 0), 1);

        const QByteArray health = HttpExchange::request("GET", "/healthz");
        QCOMPARE(HttpExchange::send(http, health).status, 200);
        m_redis.stop();
        QTRY_COMPARE_WITH_TIMEOUT(HttpExchange::send(http, health).status, 503, 30000);
        const HttpReply down = HttpExchange::send(http, health);
        QCOMPARE(QString::fromStdString(down.json().value("bus", "")), QStringLiteral("down"));
        const HttpReply refused = HttpExchange::send(http, post);
        QCOMPARE(refused.status, 503);
        QVERIFY2(m_redis.start(), qPrintable(m_redis.lastError));
        QTRY_COMPARE_WITH_TIMEOUT(HttpExchange::send(http, health).status, 200, 30000);
        QVERIFY(roundTrip(onA));
        QVERIFY(!onA.has("message")); // the repeat was never delivered
    }

private:
    RedisProcess m_redis;
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<ServerProcess>> m_nodes;
};

QTEST_GUILESS_MAIN(TstClusterProcess)
#include "tst_clusterprocess.moc"
