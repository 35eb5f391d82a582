// End to end: POST /api/rooms/{room}/messages (PROTOCOL.md section 7) on a real in-process
// node with raw HTTP requests and QNetworkAccessManager: created and delivered, the same
// idempotency as the WebSocket, rights, bad requests, and the per-user rate limit.
#include "httptest.h"
#include "servertestmain.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace roomcast::test;
using namespace roomcast::test::httptest;

class TstHttpPublish : public QObject, protected NodeFixture
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(start()); }
    void cleanup() { m_fx.reset(); }

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
};

ROOMCAST_SERVER_TEST_MAIN(TstHttpPublish)
#include "tst_httppublish.moc"
