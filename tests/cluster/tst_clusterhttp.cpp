// Cluster mode, the HTTP side: an SSE stream on one node carries what is published on the
// other, with the same `epoch:seq` ids, and resumes on either node after a cut without loss
// or duplicates; HTTP search on one node finds what the other stored; webhooks go out once
// cluster-wide (the node that stored a message delivers it).
#include "clusterfixture.h"
#include "httpexchange.h"
#include "jsonassert.h"
#include "servertestmain.h"
#include "sseclient.h"
#include "webhookreceiver.h"

#include <QTest>

#include <set>

using namespace roomcast::test;

class TstClusterHttp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_hook = std::make_unique<WebhookReceiver>();
        QVERIFY(m_hook->listen());
        m_cluster = std::make_unique<ClusterFixture>();
        const QString hook = QString::fromLatin1(m_hook->url());
        m_cluster->configure = [hook](roomcast::server::ServerConfig &c) {
            c.webhooks = {{{"ops"}, hook}};
            c.webhookSecret = "cluster-hook-key";
        };
        QVERIFY2(m_cluster->start(2), m_cluster->error.c_str());
    }
    void cleanup()
    {
        m_cluster.reset();
        m_hook.reset();
    }

    void streamOnOneNodeResumesOnTheOther()
    {
        SseClient onB;
        QVERIFY(openStream(onB, 1, {}));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(publish(0, "m" + std::to_string(i)));
        QVERIFY(onB.waitEvents(3));
        QCOMPARE(seqsOf(onB.events()), (std::vector<qint64>{1, 2, 3}));
        const QByteArray lastId = onB.lastEventId();
        QVERIFY(lastId.endsWith(":3"));
        onB.close();
        for (int i = 4; i <= 5; ++i)
            QVERIFY(publish(1, "m" + std::to_string(i)));

        SseClient onA; // the reconnect lands on the other node
        QVERIFY(openStream(onA, 0, "Last-Event-ID: " + lastId));
        QVERIFY(publish(1, "m6"));
        QVERIFY(onA.waitEvents(3));
        QVERIFY(!onA.waitEvents(4, 200));
        QCOMPARE(seqsOf(onA.events()), (std::vector<qint64>{4, 5, 6}));
        QCOMPARE(onA.events().back().id.left(lastId.lastIndexOf(':')),
                 lastId.left(lastId.lastIndexOf(':'))); // one epoch, cluster-wide
    }

    void httpSearchFindsWhatTheOtherNodeStored()
    {
        QVERIFY(publish(0, "deploy finished on node a"));
        QVERIFY(publish(0, "lunch"));
        const HttpReply r = HttpExchange::send(
            url(1), HttpExchange::request("GET", "/api/rooms/ops/messages?q=deplo*",
                                          {"Authorization: Bearer " + token(1, "reader")}));
        QCOMPARE(r.status, 200);
        const Json body = r.json();
        QCOMPARE(str(at(body, "room")), QStringLiteral("ops"));
        QCOMPARE(at(body, "results").size(), std::size_t{1});
        QCOMPARE(num(at(at(body, "results")[0], "seq")), 1);
        QCOMPARE(str(at(at(body, "results")[0], "snippet")),
                 QStringLiteral("<mark>deploy</mark> finished on node a"));
    }

    void webhooksGoOutOnceClusterWide()
    {
        for (int i = 1; i <= 6; ++i)
            QVERIFY(publish(std::size_t(i % 2), "m" + std::to_string(i)));
        QVERIFY(m_hook->waitRequests(6));
        QVERIFY(!m_hook->waitRequests(7, 500)); // none twice
        std::set<QByteArray> ids;
        std::set<qint64> seqs;
        for (const WebhookReceiver::Request &r : m_hook->requests()) {
            ids.insert(r.header("x-roomcast-event-id").value_or(""));
            seqs.insert(Json::parse(r.body.toStdString()).value("seq", qint64(0)));
        }
        QCOMPARE(ids.size(), std::size_t{6});
        QCOMPARE(seqs, (std::set<qint64>{1, 2, 3, 4, 5, 6}));
    }

private:
    QUrl url(std::size_t node)
    {
        QUrl u;
        u.setScheme(QStringLiteral("http"));
        u.setHost(QStringLiteral("127.0.0.1"));
        u.setPort(m_cluster->node(node).server->port());
        return u;
    }
    QByteArray token(std::size_t node, const std::string &user)
    {
        return QByteArray::fromStdString(m_cluster->node(node).token(user));
    }
    bool openStream(SseClient &sse, std::size_t node, const QByteArray &extraHeader)
    {
        QList<QByteArray> headers{"Accept: text/event-stream",
                                  "Authorization: Bearer " + token(node, "reader")};
        if (!extraHeader.isEmpty())
            headers << extraHeader;
        return sse.open(url(node), "/api/rooms/ops/events", headers) && sse.waitHead() &&
               sse.status() == 200 && sse.waitComments(1); // ": subscribed ..."
    }
    bool publish(std::size_t node, const std::string &text)
    {
        const QByteArray body =
            QByteArray::fromStdString(Json{{"kind", "chat"}, {"body", {{"text", text}}}}.dump());
        return HttpExchange::send(url(node), HttpExchange::request(
                                                 "POST", "/api/rooms/ops/messages",
                                                 {"Content-Type: application/json",
                                                  "Authorization: Bearer " + token(node, "writer")},
                                                 body))
                   .status == 201;
    }
    static std::vector<qint64> seqsOf(const std::vector<SseEvent> &events)
    {
        std::vector<qint64> seqs;
        for (const SseEvent &e : events)
            seqs.push_back(e.json().value("seq", qint64(-1)));
        return seqs;
    }

    std::unique_ptr<WebhookReceiver> m_hook;
    std::unique_ptr<ClusterFixture> m_cluster;
};

ROOMCAST_SERVER_TEST_MAIN(TstClusterHttp)
#include "tst_clusterhttp.moc"
