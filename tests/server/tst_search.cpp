// End to end: searching a room (WebSocket `search`, GET /api/rooms/{room}/messages?q=) on a
// real in-process node: newest first, prefix, non-Latin words, snippets, limit, rights and
// bad queries as clear errors, for a WebSocket client and a raw HTTP client alike.
#include "httptest.h"
#include "servertestmain.h"

#include <QTest>

using namespace roomcast::test;
using namespace roomcast::test::httptest;

class TstSearch : public QObject, protected NodeFixture
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(start());
        for (const char *text : {"deploy started on prod", "coffee?", "Deployment <finished>",
                                 "Привет, команда", "the deploy failed"})
            QCOMPARE(HttpExchange::send(
                         http(), postRequest("ops", bytesOf(chatBody(text)), m_fx->token("ci")))
                         .status,
                     201);
    }
    void cleanup() { m_fx.reset(); }

    void searchOverTheWebSocket()
    {
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("alice")));
        const Json r =
            reply(c.request({{"type", "search"}, {"id", 7}, {"room", "ops"}, {"q", "deplo*"}}));
        EXPECT_FRAME(r, "search");
        QCOMPARE(num(at(r, "id")), 7);
        QCOMPARE(str(at(r, "room")), QStringLiteral("ops"));
        const Json &results = at(r, "results");
        QCOMPARE(results.size(), std::size_t{3});
        QCOMPARE(num(at(results[0], "seq")), 5); // newest first
        QCOMPARE(num(at(results[1], "seq")), 3);
        QCOMPARE(num(at(results[2], "seq")), 1);
        QCOMPARE(js(at(results[1], "user")), js(Json{{"id", "ci"}, {"name", "ci"}}));
        QCOMPARE(str(at(results[1], "kind")), QStringLiteral("chat"));
        QCOMPARE(js(at(results[1], "body")), js(Json{{"text", "Deployment <finished>"}}));
        QVERIFY(isTimestamp(at(results[1], "ts")));
        QCOMPARE(str(at(results[1], "snippet")),
                 QStringLiteral("<mark>Deployment</mark> &lt;finished&gt;"));
    }

    void searchOverTheWebSocketRefusesBadInput_data()
    {
        QTest::addColumn<QString>("q");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QString>("message");
        QTest::newRow("open quote")
            << QStringLiteral("\"deploy") << 20 << QStringLiteral("q: a quote is not closed");
        QTest::newRow("dangling OR")
            << QStringLiteral("deploy OR") << 20 << QStringLiteral("q: a word is missing after OR");
        QTest::newRow("limit 0") << QStringLiteral("deploy") << 0
                                 << QStringLiteral("limit: must be an integer from 1 to 100");
        QTest::newRow("limit 101") << QStringLiteral("deploy") << 101
                                   << QStringLiteral("limit: must be an integer from 1 to 100");
    }
    void searchOverTheWebSocketRefusesBadInput()
    {
        QFETCH(QString, q);
        QFETCH(int, limit);
        QFETCH(QString, message);
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("alice")));
        const Json r = reply(c.request({{"type", "search"},
                                        {"id", 1},
                                        {"room", "ops"},
                                        {"q", q.toStdString()},
                                        {"limit", limit}}));
        EXPECT_FRAME(r, "error");
        QCOMPARE(str(at(r, "code")), QStringLiteral("bad_request"));
        QCOMPARE(str(at(r, "message")), message);
        // The connection goes on.
        EXPECT_FRAME(reply(c.request({{"type", "search"}, {"room", "ops"}, {"q", "coffee"}})),
                     "search");
    }

    void searchNeedsTheRoomRight()
    {
        TestClient c;
        QVERIFY(c.connectAndHello(m_fx->url(), m_fx->token("eve", 3600, {{"general"}})));
        const Json r = reply(c.request({{"type", "search"}, {"room", "ops"}, {"q", "deploy"}}));
        EXPECT_FRAME(r, "error");
        QCOMPARE(str(at(r, "code")), QStringLiteral("forbidden"));
    }

    void searchOverHttp()
    {
        const HttpReply r = HttpExchange::send(
            http(),
            HttpExchange::request(
                "GET", "/api/rooms/ops/messages?q=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82&limit=5",
                {"Authorization: Bearer " + QByteArray::fromStdString(m_fx->token("bob"))}));
        QVERIFY2(r.status == 200, describe(r).constData());
        const Json body = r.json();
        QVERIFY(!body.contains("type"));
        QCOMPARE(str(at(body, "room")), QStringLiteral("ops"));
        QCOMPARE(at(body, "results").size(), std::size_t{1});
        QCOMPARE(num(at(at(body, "results")[0], "seq")), 4);
        QCOMPARE(str(at(at(body, "results")[0], "snippet")),
                 QStringLiteral("<mark>Привет</mark>, команда"));

        const HttpReply phrase = HttpExchange::send(
            http(), HttpExchange::request("GET", "/api/rooms/ops/messages?q=%22deploy+failed%22",
                                          {"Authorization: Bearer " +
                                           QByteArray::fromStdString(m_fx->token("bob"))}));
        QVERIFY2(phrase.status == 200, describe(phrase).constData());
        QCOMPARE(at(phrase.json(), "results").size(), std::size_t{1});
        QCOMPARE(num(at(at(phrase.json(), "results")[0], "seq")), 5);
    }

    void searchOverHttpRefuses_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("no token") << QByteArrayLiteral("/api/rooms/ops/messages?q=deploy")
                                  << QByteArray() << 401 << QStringLiteral("unauthorized");
        QTest::newRow("bad token")
            << QByteArrayLiteral("/api/rooms/ops/messages?q=deploy") << QByteArrayLiteral("x.y.z")
            << 401 << QStringLiteral("unauthorized");
        QTest::newRow("no q") << QByteArrayLiteral("/api/rooms/ops/messages")
                              << QByteArrayLiteral("ok") << 400 << QStringLiteral("bad_request");
        QTest::newRow("bad query")
            << QByteArrayLiteral("/api/rooms/ops/messages?q=(deploy") << QByteArrayLiteral("ok")
            << 400 << QStringLiteral("bad_request");
        QTest::newRow("bad limit")
            << QByteArrayLiteral("/api/rooms/ops/messages?q=x&limit=500") << QByteArrayLiteral("ok")
            << 400 << QStringLiteral("bad_request");
        QTest::newRow("bad room") << QByteArrayLiteral("/api/rooms/a%20b/messages?q=x")
                                  << QByteArrayLiteral("ok") << 400
                                  << QStringLiteral("bad_request");
        QTest::newRow("forbidden")
            << QByteArrayLiteral("/api/rooms/ops/messages?q=x") << QByteArrayLiteral("narrow")
            << 403 << QStringLiteral("forbidden");
    }
    void searchOverHttpRefuses()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, token);
        QFETCH(int, status);
        QFETCH(QString, code);
        QList<QByteArray> headers;
        if (token == "ok")
            token = QByteArray::fromStdString(m_fx->token("bob"));
        else if (token == "narrow")
            token = QByteArray::fromStdString(m_fx->token("bob", 3600, {{"general"}}));
        if (!token.isEmpty())
            headers << "Authorization: Bearer " + token;
        const HttpReply r =
            HttpExchange::send(http(), HttpExchange::request("GET", target, headers));
        QVERIFY2(r.status == status, describe(r).constData());
        QCOMPARE(str(at(r.json(), "code")), code);
        QVERIFY(!str(at(r.json(), "message")).isEmpty());
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstSearch)
#include "tst_search.moc"
