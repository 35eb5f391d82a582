// End to end: how the HTTP routes read requests off the wire (RFC 7230) on a real in-process
// node, with raw bytes: Expect: 100-continue, requests that cannot be read, and requests that
// stall.
#include "httptest.h"
#include "servertestmain.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

using namespace roomcast::test;
using namespace roomcast::test::httptest;

class TstHttpWire : public QObject, protected NodeFixture
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(start()); }
    void cleanup() { m_fx.reset(); }

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
        QTest::newRow("PUT messages")
            << HttpExchange::request("PUT", "/api/rooms/general/messages", {}, "{}")
            << QByteArrayLiteral("GET, HEAD, POST");
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
};

ROOMCAST_SERVER_TEST_MAIN(TstHttpWire)
#include "tst_httpwire.moc"
