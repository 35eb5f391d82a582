// Cluster mode: search scans the room's retained Redis stream, so a message published on one
// node is found from another, newest first, with the grammar and answer of one node.
#include "clusterfixture.h"
#include "jsonassert.h"
#include "servertestmain.h"

#include <QTest>

#include <algorithm>

using namespace roomcast::test;

class TstClusterSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_cluster = std::make_unique<ClusterFixture>();
        QVERIFY2(m_cluster->start(2), m_cluster->error.c_str());
    }
    void cleanup() { m_cluster.reset(); }

    void findsWhatAnotherNodeStored()
    {
        TestClient onA, onB;
        QVERIFY(onA.connectAndHello(m_cluster->node(0).url(), m_cluster->node(0).token("alice")));
        QVERIFY(onB.connectAndHello(m_cluster->node(1).url(), m_cluster->node(1).token("bob")));
        for (const char *text : {"deploy started", "Привет всем", "Deployment done", "lunch"})
            EXPECT_FRAME(reply(onA.request(chat("ops", text))), "ack");
        const Json r =
            reply(onB.request({{"type", "search"}, {"id", 1}, {"room", "ops"}, {"q", "deplo*"}}));
        EXPECT_FRAME(r, "search");
        const Json &results = at(r, "results");
        QCOMPARE(results.size(), std::size_t{2});
        QCOMPARE(num(at(results[0], "seq")), 3);
        QCOMPARE(num(at(results[1], "seq")), 1);
        QCOMPARE(js(at(results[0], "user")), js(Json{{"id", "alice"}, {"name", "alice"}}));
        QCOMPARE(js(at(results[0], "body")), js(Json{{"text", "Deployment done"}}));
        QCOMPARE(str(at(results[0], "snippet")), QStringLiteral("<mark>Deployment</mark> done"));

        const Json cyrillic =
            reply(onB.request({{"type", "search"}, {"room", "ops"}, {"q", "привет"}}));
        QCOMPARE(at(cyrillic, "results").size(), std::size_t{1});
        QCOMPARE(num(at(at(cyrillic, "results")[0], "seq")), 2);

        const Json bad = reply(onB.request({{"type", "search"}, {"room", "ops"}, {"q", "(x"}}));
        EXPECT_FRAME(bad, "error");
        QCOMPARE(str(at(bad, "code")), QStringLiteral("bad_request"));
    }

    void scanPagesThroughTheStreamAndStopsAtTheLimit()
    {
        TestClient c;
        QVERIFY(c.connectAndHello(m_cluster->node(0).url(), m_cluster->node(0).token("alice")));
        EXPECT_FRAME(reply(c.request(chat("big", "needle first"))), "ack");
        for (int i = 0; i < 1200; ++i)
            c.send(chat("big", "hay " + std::to_string(i)));
        const auto acks = [&c] {
            return std::count_if(c.frames().begin(), c.frames().end(), [](const Json &f) {
                return f.value("type", std::string()) == "ack";
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(acks() == 1200, 30000);
        const Json needle =
            reply(c.request({{"type", "search"}, {"room", "big"}, {"q", "needle"}}));
        QCOMPARE(at(needle, "results").size(), std::size_t{1});
        QCOMPARE(num(at(at(needle, "results")[0], "seq")), 1);
        const Json hay =
            reply(c.request({{"type", "search"}, {"room", "big"}, {"q", "hay"}, {"limit", 3}}));
        QCOMPARE(at(hay, "results").size(), std::size_t{3});
        QCOMPARE(num(at(at(hay, "results")[0], "seq")), 1201);
        QCOMPARE(num(at(at(hay, "results")[2], "seq")), 1199);
    }

private:
    std::unique_ptr<ClusterFixture> m_cluster;
};

ROOMCAST_SERVER_TEST_MAIN(TstClusterSearch)
#include "tst_clustersearch.moc"
