// The strict HTTP/1.1 request reader behind the HTTP routes (PROTOCOL.md section 7): what it
// accepts, what it refuses with which status, and that it waits for exactly the announced body.
#include "server/http/httprequest.h"

#include <QTest>

using namespace roomcast::server::http;

namespace {
using Status = HttpRequestParser::Status;
const HttpLimits kLimits{1024, 100};
} // namespace

class TstHttpRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void getWithQueryAndHeaders()
    {
        HttpRequestParser p(kLimits);
        const QByteArray bytes = "GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nX-Thing:  spaced value \t"
                                 "\r\nAccept: */*\r\n\r\n";
        QCOMPARE(p.parse(bytes), Status::Complete);
        QCOMPARE(p.request().method, QByteArray("GET"));
        QCOMPARE(p.request().target, QByteArray("/metrics?x=1"));
        QCOMPARE(p.request().path, QByteArray("/metrics"));
        QCOMPARE(p.request().version, QByteArray("HTTP/1.1"));
        QCOMPARE(p.request().header("x-thing").value_or("<none>"), QByteArray("spaced value"));
        QCOMPARE(p.request().header("host").value_or("<none>"), QByteArray("a"));
        QVERIFY(!p.request().header("content-length"));
        QVERIFY(p.request().body.isEmpty());
        QCOMPARE(p.consumed(), bytes.size());
    }

    void postWaitsForTheWholeBody()
    {
        const QByteArray head = "POST /api/rooms/a/messages HTTP/1.1\r\nContent-Length: 10\r\n\r\n";
        const QByteArray body = "0123456789";
        HttpRequestParser p(kLimits);
        QCOMPARE(p.parse(head.left(10)), Status::Incomplete);
        QVERIFY(!p.headComplete());
        QCOMPARE(p.parse(head), Status::Incomplete);
        QVERIFY(p.headComplete());
        QCOMPARE(p.parse(head + body.left(9)), Status::Incomplete);
        // Bytes after the body (a pipelined request) are not part of it.
        QCOMPARE(p.parse(head + body + "GET / HTTP/1.1\r\n"), Status::Complete);
        QCOMPARE(p.request().body, body);
        QCOMPARE(p.consumed(), head.size() + body.size());
    }

    //! RFC 7230 5.3.2: a server MUST accept the absolute-form (proxies send it).
    void absoluteFormIsReducedToThePath_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("originForm");
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("http") << QByteArray("http://x:8765/healthz?a=1")
                              << QByteArray("/healthz?a=1") << QByteArray("/healthz");
        QTest::newRow("ws upper") << QByteArray("WS://x/ws") << QByteArray("/ws")
                                  << QByteArray("/ws");
        QTest::newRow("no path") << QByteArray("http://x") << QByteArray("/") << QByteArray("/");
        QTest::newRow("query only")
            << QByteArray("http://x?q") << QByteArray("/?q") << QByteArray("/");
    }
    void absoluteFormIsReducedToThePath()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, originForm);
        QFETCH(QByteArray, path);
        HttpRequestParser p(kLimits);
        QCOMPARE(p.parse("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"), Status::Complete);
        QCOMPARE(p.request().target, originForm);
        QCOMPARE(p.request().path, path);
    }

    void http10IsAccepted()
    {
        HttpRequestParser p(kLimits);
        QCOMPARE(p.parse("GET /healthz HTTP/1.0\r\n\r\n"), Status::Complete);
        QCOMPARE(p.request().version, QByteArray("HTTP/1.0"));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("mentions");
        const auto row = [](const char *name, const QByteArray &bytes, int status,
                            const char *mentions) {
            QTest::newRow(name) << bytes << status << QString::fromLatin1(mentions);
        };
        row("garbage", "GARBAGE\r\n\r\n", 400, "request line");
        row("no version", "GET /healthz\r\n\r\n", 400, "request line");
        row("two spaces", "GET  /healthz HTTP/1.1\r\n\r\n", 400, "request line");
        row("ftp target", "GET ftp://x/healthz HTTP/1.1\r\n\r\n", 400, "target");
        row("no authority", "GET http:///healthz HTTP/1.1\r\n\r\n", 400, "target");
        row("relative target", "GET healthz HTTP/1.1\r\n\r\n", 400, "target");
        row("asterisk", "OPTIONS * HTTP/1.1\r\n\r\n", 400, "target");
        row("bad method", "G(T /healthz HTTP/1.1\r\n\r\n", 400, "method");
        row("bad version", "GET /healthz HTTP/one\r\n\r\n", 400, "version");
        row("http 2", "GET /healthz HTTP/2.0\r\n\r\n", 505, "HTTP/1.1");
        row("control in target", "GET /a\x01 HTTP/1.1\r\n\r\n", 400, "target");
        row("no colon", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400, "header");
        row("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "header");
        row("folding", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 400, "folding");
        row("bare LF in value", "GET / HTTP/1.1\r\nA: b\nc\r\n\r\n", 400, "control");
        row("chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411,
            "Transfer-Encoding");
        row("post without length", "POST / HTTP/1.1\r\n\r\n", 411, "Content-Length");
        row("length text", "POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "Content-Length");
        row("length negative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400,
            "Content-Length");
        row("length conflict",
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
            "conflicting");
        row("body too large", "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413, "100 bytes");
        row("head too large", "GET / HTTP/1.1\r\nA: " + QByteArray(1100, 'x'), 431, "head");
        row("complete head too large", "GET / HTTP/1.1\r\nA: " + QByteArray(1020, 'x') + "\r\n\r\n",
            431, "head");
    }
    void refused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QString, mentions);
        HttpRequestParser p(kLimits);
        QCOMPARE(p.parse(bytes), Status::Failed);
        QCOMPARE(p.error().status, status);
        QVERIFY(!p.error().code.empty());
        QVERIFY2(QString::fromStdString(p.error().message).contains(mentions),
                 p.error().message.c_str());
    }

    void noLengthMeansNoBodyExceptForPost()
    {
        HttpRequestParser p(kLimits);
        QCOMPARE(p.parse("PUT /metrics HTTP/1.1\r\n\r\n"), Status::Complete);
        QVERIFY(p.request().body.isEmpty());
    }

    void sameLengthTwiceIsFine()
    {
        HttpRequestParser p(kLimits);
        QCOMPARE(p.parse("POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nab"),
                 Status::Complete);
        QCOMPARE(p.request().body, QByteArray("ab"));
    }

    void bodyAtTheLimitIsAccepted()
    {
        HttpRequestParser p(kLimits);
        const QByteArray body(100, 'b');
        QCOMPARE(p.parse("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + body),
                 Status::Complete);
        QCOMPARE(p.request().body, body);
    }
};

QTEST_GUILESS_MAIN(TstHttpRequest)
#include "tst_httprequest.moc"
