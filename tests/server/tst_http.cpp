// End to end: the HTTP routes of PROTOCOL.md section 7 on a real in-process node, with real
// HTTP requests (raw bytes over a QTcpSocket, and QNetworkAccessManager), WebSocket
// subscribers watching what a POST delivers, and the --http-port listener.
#include "httptest.h"
#include "rawwebsocket.h"
#include "serverfixture.h"
#include "servertestmain.h"
#include "testclient.h"

#include "protocol/token.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <functional>

using namespace roomcast::test;
using namespace roomcast::test::httptest;

class TstHttp : public QObject, protected NodeFixture
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(start()); }
    void cleanup() { m_fx.reset(); }

    // ---- GET /healthz ---------------------------------------------------------------------

    void healthzIsOk()
    {
        const HttpReply r = HttpExchange::send(http(), HttpExchange::request("GET", "/healthz"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type").value_or("<none>"), QByteArray("application/json"));
        QCOMPARE(r.header("connection").value_or("<none>").toLower(), QByteArray("close"));
        QCOMPARE(js(r.json()), js(Json{{"status", "ok"}, {"node", "test-node"}}));
    }

    void healthzWithAnHttpClient()
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(http().resolved(QUrl(QStringLiteral("/healthz"))));
        QNetworkReply *reply = manager.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QByteArray body = reply->readAll();
        const Json json = Json::parse(body.begin(), body.end(), nullptr, false);
        QCOMPARE(str(at(json, "status")), QStringLiteral("ok"));
        QCOMPARE(str(at(json, "node")), QStringLiteral("test-node"));
        reply->deleteLater();
    }

    void headHasTheHeadersOnly()
    {
        HttpExchange exchange;
        QVERIFY(exchange.connectTo(http()));
        exchange.write(HttpExchange::request("HEAD", "/healthz"));
        QVERIFY(exchange.waitClosed());
        const QByteArray received = exchange.received();
        QVERIFY2(received.startsWith("HTTP/1.1 200 "), received.constData());
        QVERIFY(received.toLower().contains("content-length: "));
        QVERIFY2(received.endsWith("\r\n\r\n"), received.constData()); // no body
    }

    void keepAliveIsNotKept()
    {
        // One request per connection: the answer says so and the server closes.
        const HttpReply r = HttpExchange::send(
            http(), HttpExchange::request("GET", "/healthz", {"Connection: keep-alive"}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("connection").value_or("<none>").toLower(), QByteArray("close"));
    }

    // ---- GET /metrics ---------------------------------------------------------------------

    void metricsExposition()
    {
        TestClient watcher;
        QVERIFY(watcher.connectAndHello(m_fx->url(), m_fx->token("watcher")));
        EXPECT_FRAME(reply(watcher.request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");

        const HttpReply r = HttpExchange::send(http(), HttpExchange::request("GET", "/metrics"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type").value_or("<none>"),
                 QByteArray("text/plain; version=0.0.4"));
        const QByteArray &text = r.body;
        for (const char *family :
             {"roomcast_connections gauge", "roomcast_rooms gauge", "roomcast_subscriptions gauge",
              "roomcast_messages_published_total counter",
              "roomcast_messages_delivered_total counter", "roomcast_publish_ack_seconds histogram",
              "roomcast_errors_total counter", "roomcast_bus_up gauge",
              "roomcast_store_up gauge"}) {
            QVERIFY2(text.contains(QByteArray("\n# TYPE ") + family + '\n'), family);
            const QByteArray name = QByteArray(family).split(' ').first();
            QVERIFY2(text.contains("# HELP " + name + ' '), name.constData());
        }
        QCOMPARE(sampleOf(text, "roomcast_connections"), QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_rooms"), QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_subscriptions"), QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_store_up"), QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_bus_up"), QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_node_info{node=\"test-node\"}"), QStringLiteral("1"));
        QVERIFY(sampleOf(text, "roomcast_publish_ack_seconds_bucket{le=\"0.0005\"}") !=
                QLatin1String("<absent>"));
        QVERIFY(sampleOf(text, "roomcast_publish_ack_seconds_bucket{le=\"+Inf\"}") !=
                QLatin1String("<absent>"));
        QVERIFY(sampleOf(text, "roomcast_publish_ack_seconds_sum") != QLatin1String("<absent>"));
        QVERIFY(sampleOf(text, "roomcast_publish_ack_seconds_count") != QLatin1String("<absent>"));
    }

    void metricsCountHttpAnswersAndErrors()
    {
        QCOMPARE(HttpExchange::send(http(), HttpExchange::request("GET", "/nowhere")).status, 404);
        QCOMPARE(
            HttpExchange::send(http(), postRequest("general", bytesOf(chatBody("x")), {})).status,
            401);
        const QByteArray text =
            HttpExchange::send(http(), HttpExchange::request("GET", "/metrics")).body;
        QCOMPARE(sampleOf(text, "roomcast_http_requests_total{route=\"other\",status=\"404\"}"),
                 QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_http_requests_total{route=\"publish\",status=\"401\"}"),
                 QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_errors_total{code=\"unauthorized\"}"),
                 QStringLiteral("1"));
    }

    //! Counted by the node itself (node.cpp / noderequests.cpp), whatever the publish path.
    void metricsCountPublishesAndDeliveries()
    {
        TestClient a;
        TestClient b;
        for (TestClient *c : {&a, &b}) {
            QVERIFY(c->connectAndHello(m_fx->url(), m_fx->token("watcher")));
            EXPECT_FRAME(reply(c->request({{"type", "subscribe"}, {"room", "general"}})),
                         "subscribed");
        }
        const QByteArray body = bytesOf(chatBody("counted", "m-1"));
        QCOMPARE(HttpExchange::send(http(), postRequest("general", body, m_fx->token("ci"))).status,
                 201);
        QVERIFY(a.waitFor("message") && b.waitFor("message"));
        // A repeat is neither stored nor delivered again.
        QCOMPARE(HttpExchange::send(http(), postRequest("general", body, m_fx->token("ci"))).status,
                 200);
        QVERIFY(roundTrip(a) && roundTrip(b));

        const QByteArray text =
            HttpExchange::send(http(), HttpExchange::request("GET", "/metrics")).body;
        QCOMPARE(sampleOf(text, "roomcast_messages_published_total"), QStringLiteral("1"));
        QCOMPARE(sampleOf(text, "roomcast_messages_delivered_total"), QStringLiteral("2"));
        QVERIFY2(sampleOf(text, "roomcast_publish_ack_seconds_count").toInt() >= 1,
                 text.constData());
        QVERIFY(sampleOf(text, "roomcast_publish_ack_seconds_bucket{le=\"+Inf\"}").toInt() >= 1);
    }

    // ---- POST /api/rooms/{room}/messages ----------------------------------------------------

    void ownPortServesTheRoutes()
    {
        m_fx.reset();
        QVERIFY(start([](roomcast::server::ServerConfig &c) { c.httpPort = 0; }));
        const QUrl own = m_fx->server->httpUrl();
        QCOMPARE(own.scheme(), QStringLiteral("http"));
        QCOMPARE(own.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(own.port() > 0 && own.port() != m_fx->url().port());

        QCOMPARE(HttpExchange::send(own, HttpExchange::request("GET", "/healthz")).status, 200);
        QCOMPARE(HttpExchange::send(own, HttpExchange::request("GET", "/metrics")).status, 200);
        TestClient watcher;
        QVERIFY(watcher.connectAndHello(m_fx->url(), m_fx->token("watcher")));
        EXPECT_FRAME(reply(watcher.request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const HttpReply r = HttpExchange::send(
            own, postRequest("general", bytesOf(chatBody("x")), m_fx->token("ci")));
        QVERIFY2(r.status == 201, describe(r).constData());
        QVERIFY(watcher.waitFor("message"));

        // The HTTP port upgrades nothing; the WebSocket port keeps only /ws.
        RawWebSocket onHttpPort;
        QVERIFY(onHttpPort.connectTcp(own));
        QVERIFY(!onHttpPort.upgrade("/ws"));
        QVERIFY2(onHttpPort.httpHead().startsWith("HTTP/1.1 404"),
                 onHttpPort.httpHead().constData());
        QCOMPARE(HttpExchange::send(m_fx->url(), HttpExchange::request("GET", "/healthz")).status,
                 404);
    }

    void ownPortInUseStartsNothing()
    {
        m_fx.reset();
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        QVERIFY(
            !start([&](roomcast::server::ServerConfig &c) { c.httpPort = occupier.serverPort(); }));
        const QString error = QString::fromStdString(m_fx->lastError);
        QVERIFY2(error.contains(QLatin1String("--http-port")), qPrintable(error));
        QVERIFY2(error.contains(QString::number(occupier.serverPort())), qPrintable(error));
        QVERIFY2(QDir(m_fx->dir.path()).isEmpty(), "a store was created for a node that never ran");
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstHttp)
#include "tst_http.moc"
