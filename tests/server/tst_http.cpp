// End to end: the HTTP routes of PROTOCOL.md section 7 on a real in-process node, with real
// HTTP requests (raw bytes over a QTcpSocket, and QNetworkAccessManager), WebSocket
// subscribers watching what a POST delivers, and the --http-port listener.
#include "servertestmain.h"
#include "httpexchange.h"
#include "jsonassert.h"
#include "rawwebsocket.h"
#include "serverfixture.h"
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

namespace {

constexpr int kHandshakeTimeoutMs = 400;

Json chatBody(const std::string &text, const std::string &clientMsgId = {})
{
    Json body = {{"kind", "chat"}, {"body", {{"text", text}}}};
    if (!clientMsgId.empty())
        body["client_msg_id"] = clientMsgId;
    return body;
}

QByteArray bytesOf(const Json &json)
{
    return QByteArray::fromStdString(json.dump());
}

QByteArray postRequest(const QByteArray &room, const QByteArray &body, const std::string &token)
{
    QList<QByteArray> headers{QByteArrayLiteral("Content-Type: application/json")};
    if (!token.empty())
        headers << "Authorization: Bearer " + QByteArray::fromStdString(token);
    return HttpExchange::request("POST", "/api/rooms/" + room + "/messages", headers, body);
}

//! "<status> <body>" for failure messages.
QByteArray describe(const HttpReply &r)
{
    return QByteArray::number(r.status) + ' ' + r.body.left(400);
}

//! The value of one Prometheus sample line (`name{labels} value`), or "<absent>".
QString sampleOf(const QByteArray &exposition, const QByteArray &nameAndLabels)
{
    for (const QByteArray &line : exposition.split('\n'))
        if (line.startsWith(nameAndLabels + ' '))
            return QString::fromLatin1(line.mid(nameAndLabels.size() + 1));
    return QStringLiteral("<absent>");
}

} // namespace

class TstHttp : public QObject
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

    void publishIsCreatedAndDelivered()
    {
        TestClient watcher;
        QVERIFY(watcher.connectAndHello(m_fx->url(), m_fx->token("watcher")));
        EXPECT_FRAME(reply(watcher.request({{"type", "subscribe"}, {"room", "alerts"}})),
                     "subscribed");

        const Json body = {{"kind", "notification"},
                           {"body", {{"title", "CI green"}, {"level", "success"}}},
                           {"client_msg_id", "build-42"}};
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const HttpReply r = HttpExchange::send(
            http(), postRequest("alerts", bytesOf(body), m_fx->token("ci", 3600, {}, true, "CI")));
        QVERIFY2(r.status == 201, describe(r).constData());
        QCOMPARE(r.header("content-type").value_or("<none>"), QByteArray("application/json"));
        const Json created = r.json();
        QCOMPARE(str(at(created, "room")), QStringLiteral("alerts"));
        QCOMPARE(num(at(created, "seq")), 1);
        QVERIFY2(isTimestamp(at(created, "ts")), r.body.constData());
        const QDateTime ts = QDateTime::fromString(str(at(created, "ts")), Qt::ISODateWithMs);
        QVERIFY(ts.toMSecsSinceEpoch() >= before - 1000);

        const Json m = reply(watcher.waitFor("message"));
        EXPECT_FRAME(m, "message");
        QCOMPARE(str(at(m, "room")), QStringLiteral("alerts"));
        QCOMPARE(num(at(m, "seq")), 1);
        QCOMPARE(js(at(m, "ts")), js(at(created, "ts")));
        QCOMPARE(js(at(m, "from")), js(Json{{"id", "ci"}, {"name", "CI"}}));
        QCOMPARE(str(at(m, "kind")), QStringLiteral("notification"));
        QCOMPARE(js(at(m, "body")), js(body["body"]));
        QCOMPARE(str(at(m, "client_msg_id")), QStringLiteral("build-42"));
    }

    void publishWithAnHttpClient()
    {
        TestClient watcher;
        QVERIFY(watcher.connectAndHello(m_fx->url(), m_fx->token("watcher")));
        EXPECT_FRAME(reply(watcher.request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        QNetworkAccessManager manager;
        QNetworkRequest request(
            http().resolved(QUrl(QStringLiteral("/api/rooms/general/messages"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization",
                             "Bearer " + QByteArray::fromStdString(m_fx->token("ci")));
        QNetworkReply *reply = manager.post(request, bytesOf(chatBody("from Qt")));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        reply->deleteLater();
        const Json m = roomcast::test::reply(watcher.waitFor("message"));
        QCOMPARE(js(at(m, "body")), js(Json{{"text", "from Qt"}}));
    }

    void repeatAnswersTheOriginalSeqOnce()
    {
        TestClient watcher;
        QVERIFY(watcher.connectAndHello(m_fx->url(), m_fx->token("watcher")));
        EXPECT_FRAME(reply(watcher.request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const std::string token = m_fx->token("ci");
        const QByteArray body = bytesOf(chatBody("once", "deploy-7"));

        const HttpReply first = HttpExchange::send(http(), postRequest("general", body, token));
        QVERIFY2(first.status == 201, describe(first).constData());
        const HttpReply again = HttpExchange::send(http(), postRequest("general", body, token));
        QVERIFY2(again.status == 200, describe(again).constData());
        QCOMPARE(js(again.json()), js(first.json())); // same room, seq and ts

        QVERIFY(watcher.waitFor("message"));
        QVERIFY(roundTrip(watcher));
        QVERIFY2(!watcher.has("message"), "a repeated client_msg_id was delivered twice");

        // Between HTTP and WebSocket too: the same user's publish with that id is the same one.
        TestClient ci;
        QVERIFY(ci.connectAndHello(m_fx->url(), token));
        Json publish = chatBody("once", "deploy-7");
        publish["type"] = "publish";
        publish["room"] = "general";
        const Json ack = reply(ci.request(publish));
        EXPECT_FRAME(ack, "ack");
        QCOMPARE(num(at(ack, "seq")), num(at(first.json(), "seq")));
        QVERIFY(roundTrip(watcher));
        QVERIFY(!watcher.has("message"));

        // Another id is another message; another user's same id is theirs.
        const HttpReply next = HttpExchange::send(
            http(), postRequest("general", bytesOf(chatBody("x", "deploy-8")), token));
        QCOMPARE(num(at(next.json(), "seq")), 2);
        const HttpReply other =
            HttpExchange::send(http(), postRequest("general", body, m_fx->token("ops")));
        QCOMPARE(other.status, 201);
        QCOMPARE(num(at(other.json(), "seq")), 3);
    }

    void unauthorized_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("no header") << QByteArray();
        QTest::newRow("basic scheme") << QByteArrayLiteral("Basic YWxpY2U6c2VjcmV0");
        QTest::newRow("empty bearer") << QByteArrayLiteral("Bearer ");
        QTest::newRow("garbage") << QByteArrayLiteral("Bearer not.a.token");
        QTest::newRow("expired") << QByteArrayLiteral("expired");
        QTest::newRow("other secret") << QByteArrayLiteral("other-secret");
    }
    void unauthorized()
    {
        QFETCH(QByteArray, authorization);
        if (authorization == "expired") {
            authorization = "Bearer " + QByteArray::fromStdString(m_fx->token("ci", -3600));
        } else if (authorization == "other-secret") {
            roomcast::protocol::Claims claims;
            claims.sub = "ci";
            claims.exp = QDateTime::currentSecsSinceEpoch() + 3600;
            authorization = "Bearer " + QByteArray::fromStdString(
                                            roomcast::protocol::signToken(claims, "nope"));
        }
        QList<QByteArray> headers;
        if (!authorization.isEmpty())
            headers << "Authorization: " + authorization;
        const HttpReply r =
            HttpExchange::send(http(), HttpExchange::request("POST", "/api/rooms/general/messages",
                                                             headers, bytesOf(chatBody("no"))));
        QVERIFY2(r.status == 401, describe(r).constData());
        QCOMPARE(str(at(r.json(), "code")), QStringLiteral("unauthorized"));
        QVERIFY(!str(at(r.json(), "message")).isEmpty());
        QVERIFY(r.header("www-authenticate").value_or("").startsWith("Bearer"));
        QVERIFY(nothingStored("general"));
    }

    void forbidden_data()
    {
        QTest::addColumn<QByteArray>("room");
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("room outside the token")
            << QByteArrayLiteral("general") << false << QStringLiteral("room");
        QTest::newRow("read-only token")
            << QByteArrayLiteral("team-a") << true << QStringLiteral("read-only");
    }
    void forbidden()
    {
        QFETCH(QByteArray, room);
        QFETCH(bool, readOnly);
        QFETCH(QString, mentions);
        const std::string token =
            m_fx->token("ci", 3600, std::vector<std::string>{"team-*"}, !readOnly);
        const HttpReply r =
            HttpExchange::send(http(), postRequest(room, bytesOf(chatBody("no")), token));
        QVERIFY2(r.status == 403, describe(r).constData());
        QCOMPARE(str(at(r.json(), "code")), QStringLiteral("forbidden"));
        QVERIFY2(str(at(r.json(), "message")).contains(mentions), r.body.constData());
        QVERIFY(nothingStored(room.toStdString()));
    }

    void badRequest_data()
    {
        QTest::addColumn<QByteArray>("room");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");
        const auto row = [](const char *name, const QByteArray &body, const char *mentions,
                            const QByteArray &room = QByteArrayLiteral("general")) {
            QTest::newRow(name) << room << body << QString::fromLatin1(mentions);
        };
        row("not JSON", "{nope", "JSON");
        row("empty", "", "JSON");
        row("array", "[1,2]", "object");
        row("missing kind", "{\"body\":{\"text\":\"x\"}}", "kind");
        row("bad kind", "{\"kind\":\"Chat!\",\"body\":{}}", "kind");
        row("body not an object", "{\"kind\":\"chat\",\"body\":\"hi\"}", "body");
        row("chat without text", "{\"kind\":\"chat\",\"body\":{}}", "body.text");
        row("chat text not a string", "{\"kind\":\"chat\",\"body\":{\"text\":5}}", "body.text");
        row("client_msg_id too long",
            "{\"kind\":\"chat\",\"body\":{\"text\":\"x\"},\"client_msg_id\":\"" +
                QByteArray(65, 'a') + "\"}",
            "client_msg_id");
        row("client_msg_id empty",
            "{\"kind\":\"chat\",\"body\":{\"text\":\"x\"},\"client_msg_id\":\"\"}",
            "client_msg_id");
        row("client_msg_id a number",
            "{\"kind\":\"chat\",\"body\":{\"text\":\"x\"},\"client_msg_id\":7}", "client_msg_id");
        row("too deep",
            "{\"kind\":\"x\",\"body\":{\"a\":" + QByteArray(40, '[') + QByteArray(40, ']') + "}}",
            "nested");
        row("room with a star", bytesOf(chatBody("x")), "room", "bad*room");
        row("room too long", bytesOf(chatBody("x")), "room", QByteArray(65, 'r'));
        row("room percent-encoded slash", bytesOf(chatBody("x")), "room", "a%2Fb");
    }
    void badRequest()
    {
        QFETCH(QByteArray, room);
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        const HttpReply r = HttpExchange::send(http(), postRequest(room, body, m_fx->token("ci")));
        QVERIFY2(r.status == 400, describe(r).constData());
        QCOMPARE(str(at(r.json(), "code")), QStringLiteral("bad_request"));
        QVERIFY2(str(at(r.json(), "message")).contains(mentions), r.body.constData());
        QVERIFY(nothingStored("general"));
    }

    void percentEncodedRoomIsDecoded()
    {
        const HttpReply r = HttpExchange::send(
            http(), postRequest("team%3Aops", bytesOf(chatBody("x")), m_fx->token("ci")));
        QVERIFY2(r.status == 201, describe(r).constData());
        QCOMPARE(str(at(r.json(), "room")), QStringLiteral("team:ops"));
    }

    void rateLimitedPerUser()
    {
        m_fx.reset();
        QVERIFY(start([](roomcast::server::ServerConfig &c) {
            c.publishRate = 0.01; // one token per 100 s: the bucket does not refill mid-test
            c.publishBurst = 2;
        }));
        const QByteArray body = bytesOf(chatBody("x"));
        const std::string ci = m_fx->token("ci");
        QCOMPARE(HttpExchange::send(http(), postRequest("general", body, ci)).status, 201);
        QCOMPARE(HttpExchange::send(http(), postRequest("general", body, ci)).status, 201);
        const HttpReply limited = HttpExchange::send(http(), postRequest("general", body, ci));
        QVERIFY2(limited.status == 429, describe(limited).constData());
        QCOMPARE(str(at(limited.json(), "code")), QStringLiteral("rate_limited"));
        const qint64 retry = num(at(limited.json(), "retry_after_ms"));
        QVERIFY2(retry > 0 && retry <= 100000, limited.body.constData());
        QVERIFY(limited.header("retry-after").value_or("0").toInt() >= 1);
        // The limit is per user: a fresh token for the same user does not reset it, and
        // another user is not slowed.
        QCOMPARE(HttpExchange::send(http(), postRequest("general", body, m_fx->token("ci"))).status,
                 429);
        QCOMPARE(
            HttpExchange::send(http(), postRequest("general", body, m_fx->token("ops"))).status,
            201);
    }

    void expectContinueIsAnswered()
    {
        const QByteArray body = bytesOf(chatBody("after continue"));
        HttpExchange exchange;
        QVERIFY(exchange.connectTo(http()));
        exchange.write("POST /api/rooms/general/messages HTTP/1.1\r\nHost: x\r\nAuthorization: "
                       "Bearer " +
                       QByteArray::fromStdString(m_fx->token("ci")) +
                       "\r\nExpect: 100-continue\r\nContent-Length: " +
                       QByteArray::number(body.size()) + "\r\n\r\n");
        QVERIFY(exchange.waitReceived("HTTP/1.1 100 Continue\r\n\r\n"));
        exchange.write(body);
        QVERIFY(exchange.waitClosed());
        const QByteArray received = exchange.received();
        const HttpReply r = HttpReply::parse(received.mid(received.indexOf("\r\n\r\n") + 4));
        QVERIFY2(r.status == 201, received.constData());
    }

    // ---- what is not a route ----------------------------------------------------------------

    void unknownRouteIs404_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("GET /nowhere") << HttpExchange::request("GET", "/nowhere");
        QTest::newRow("GET /") << HttpExchange::request("GET", "/");
        QTest::newRow("GET /healthz/") << HttpExchange::request("GET", "/healthz/");
        QTest::newRow("GET /api/rooms/general")
            << HttpExchange::request("GET", "/api/rooms/general");
        QTest::newRow("empty room") << HttpExchange::request("POST", "/api/rooms//messages");
        QTest::newRow("nested room") << HttpExchange::request("POST", "/api/rooms/a/b/messages");
    }
    void unknownRouteIs404()
    {
        QFETCH(QByteArray, request);
        const HttpReply r = HttpExchange::send(http(), request);
        QVERIFY2(r.status == 404, describe(r).constData());
        QCOMPARE(r.header("content-type").value_or("<none>"), QByteArray("application/json"));
        QCOMPARE(str(at(r.json(), "code")), QStringLiteral("not_found"));
        QVERIFY(!str(at(r.json(), "message")).isEmpty());
    }

    void wrongMethodIs405_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("POST /healthz")
            << HttpExchange::request("POST", "/healthz") << QByteArrayLiteral("GET, HEAD");
        QTest::newRow("DELETE /metrics")
            << HttpExchange::request("DELETE", "/metrics") << QByteArrayLiteral("GET, HEAD");
        QTest::newRow("PUT /metrics, no body")
            << HttpExchange::request("PUT", "/metrics") << QByteArrayLiteral("GET, HEAD");
        QTest::newRow("GET messages") << HttpExchange::request("GET", "/api/rooms/general/messages")
                                      << QByteArrayLiteral("POST");
        QTest::newRow("PUT messages")
            << HttpExchange::request("PUT", "/api/rooms/general/messages", {}, "{}")
            << QByteArrayLiteral("POST");
    }
    void wrongMethodIs405()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, allow);
        const HttpReply r = HttpExchange::send(http(), request);
        QVERIFY2(r.status == 405, describe(r).constData());
        QCOMPARE(r.header("allow").value_or("<none>"), allow);
        QCOMPARE(str(at(r.json(), "code")), QStringLiteral("method_not_allowed"));
    }

    void oversizedBodyIs413_data()
    {
        QTest::addColumn<bool>("sendBody");
        QTest::newRow("body sent") << true;
        QTest::newRow("only announced") << false;
    }
    void oversizedBodyIs413()
    {
        QFETCH(bool, sendBody);
        const qsizetype size = m_fx->config.maxFrameBytes + 1;
        QByteArray request = "POST /api/rooms/general/messages HTTP/1.1\r\nHost: x\r\n"
                             "Authorization: Bearer " +
                             QByteArray::fromStdString(m_fx->token("ci")) +
                             "\r\nContent-Length: " + QByteArray::number(size) + "\r\n\r\n";
        if (sendBody)
            request += QByteArray(size, ' ');
        const HttpReply r = HttpExchange::send(http(), request);
        QVERIFY2(r.status == 413, describe(r).constData());
        QCOMPARE(str(at(r.json(), "code")), QStringLiteral("payload_too_large"));
        QVERIFY(nothingStored("general"));
    }

    void unreadableRequest_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArrayLiteral("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("no version") << QByteArrayLiteral("GET /healthz\r\n\r\n") << 400;
        QTest::newRow("extra token") << QByteArrayLiteral("GET /healthz HTTP/1.1 x\r\n\r\n") << 400;
        QTest::newRow("header without colon")
            << QByteArrayLiteral("GET /healthz HTTP/1.1\r\nNoColonHere\r\n\r\n") << 400;
        QTest::newRow("bad length")
            << QByteArrayLiteral("POST /api/rooms/a/messages HTTP/1.1\r\nContent-Length: x\r\n\r\n")
            << 400;
        QTest::newRow("no length")
            << QByteArrayLiteral("POST /api/rooms/a/messages HTTP/1.1\r\nHost: x\r\n\r\n") << 411;
        QTest::newRow("head over 16 KiB")
            << "GET /healthz HTTP/1.1\r\nX-Big: " + QByteArray(17000, 'x') + "\r\n\r\n"
            << 431;
        QTest::newRow("chunked") << QByteArrayLiteral(
                                        "POST /api/rooms/a/messages HTTP/1.1\r\nTransfer-Encoding: "
                                        "chunked\r\n\r\n2\r\n{}\r\n0"
                                        "\r\n\r\n")
                                 << 411;
    }
    void unreadableRequest()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const HttpReply r = HttpExchange::send(http(), request);
        QVERIFY2(r.status == status, describe(r).constData());
        QVERIFY(!str(at(r.json(), "code")).isEmpty());
        QVERIFY(!str(at(r.json(), "message")).isEmpty());
    }

    void stalledRequestIsCutOff_data()
    {
        QTest::addColumn<QByteArray>("partial");
        QTest::addColumn<QByteArray>("answer"); //!< what the response starts with
        // An unfinished head is told why (RFC 7231 6.5.7); a request whose head was routed
        // is the route's, and is cut off without a word.
        QTest::newRow("half a head") << QByteArrayLiteral("GET /healthz HTTP/1.1\r\nHost: x\r\n")
                                     << QByteArrayLiteral("HTTP/1.1 408 ");
        QTest::newRow("half a body")
            << QByteArrayLiteral(
                   "POST /api/rooms/a/messages HTTP/1.1\r\nContent-Length: 50\r\n\r\n{\"kind\"")
            << QByteArray();
    }
    void stalledRequestIsCutOff()
    {
        QFETCH(QByteArray, partial);
        QFETCH(QByteArray, answer);
        m_fx.reset();
        QVERIFY(start([](roomcast::server::ServerConfig &c) {
            c.helloTimeoutMs = kHandshakeTimeoutMs; // the handshake timeout
        }));
        HttpExchange exchange;
        QVERIFY(exchange.connectTo(http()));
        QElapsedTimer since;
        since.start();
        exchange.write(partial);
        QVERIFY2(exchange.waitClosed(kHandshakeTimeoutMs + 3000),
                 "a client that stopped mid-request was not cut off");
        QVERIFY(since.elapsed() >= kHandshakeTimeoutMs - 50);
        if (answer.isEmpty())
            QVERIFY2(exchange.received().isEmpty(), exchange.received().constData());
        else
            QVERIFY2(exchange.received().startsWith(answer), exchange.received().constData());
    }

    // ---- --http-port ------------------------------------------------------------------------

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

private:
    bool start(const std::function<void(roomcast::server::ServerConfig &)> &configure = {})
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.publishRate = 1e6; // tests that count on the limit set their own
        m_fx->config.publishBurst = 1000000;
        if (configure)
            configure(m_fx->config);
        if (!m_fx->start()) {
            qWarning("%s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    QUrl http() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_fx->server->port());
        return url;
    }

    //! True when `room` has no message: whatever was refused was not stored either.
    bool nothingStored(const std::string &room)
    {
        TestClient reader;
        if (!reader.connectAndHello(m_fx->url(), m_fx->token("reader")))
            return false;
        const Json history = reply(reader.request({{"type", "history"}, {"room", room}}));
        const Json messages = at(history, "messages");
        return at(history, "type") == "history" && messages.is_array() && messages.empty();
    }

    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstHttp)
#include "tst_http.moc"
