// From a raw socket: every upgrade request RFC 6455 4.2.1 / RFC 7230 refuse gets its status
// (and the headers the RFC names) and is never upgraded; valid variants are upgraded.
#include "servertestmain.h"
#include "rawwebsocket.h"
#include "serverfixture.h"

#include <QTcpSocket>
#include <QTest>

using namespace roomcast::test;

namespace {

constexpr int kHelloTimeoutMs = 400;

//! A valid upgrade request for /ws with `edit` applied: (header, value) replaces that header,
//! an empty value removes it.
QByteArray request(const QList<QPair<QByteArray, QByteArray>> &edit = {},
                   const QByteArray &line = "GET /ws HTTP/1.1")
{
    QList<QPair<QByteArray, QByteArray>> headers{
        {"Host", "127.0.0.1"},           {"Upgrade", "websocket"},
        {"Connection", "Upgrade"},       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
        {"Sec-WebSocket-Version", "13"},
    };
    for (const auto &[name, value] : edit) {
        bool replaced = false;
        for (auto &h : headers)
            if (h.first == name && !replaced) {
                h.second = value;
                replaced = true;
            }
        if (!replaced)
            headers.append({name, value});
    }
    QByteArray out = line + "\r\n";
    for (const auto &[name, value] : headers)
        if (!value.isNull())
            out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

//! Writes `bytes`, returns the whole answer once the server has closed the connection.
QByteArray exchange(const QUrl &url, const QByteArray &bytes, bool *closed)
{
    QTcpSocket socket;
    socket.connectToHost(url.host(), static_cast<quint16>(url.port()));
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(bytes);
    QByteArray answer;
    *closed = spinUntil(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        kHelloTimeoutMs + 5000);
    return answer + socket.readAll();
}

} // namespace

class TstEdgeHandshake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.helloTimeoutMs = kHelloTimeoutMs;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QByteArray>("header"); //!< a header line the answer must carry
        const QByteArray version = "sec-websocket-version: 13";
        const auto row = [](const char *name, const QByteArray &bytes, const char *status,
                            const QByteArray &header = {}) {
            QTest::newRow(name) << bytes << QByteArray(status) << header;
        };
        const QByteArray none; // a null value removes the header
        row("key missing", request({{"Sec-WebSocket-Key", none}}), "400");
        row("key empty", request({{"Sec-WebSocket-Key", ""}}), "400");
        row("key not base64", request({{"Sec-WebSocket-Key", "not base64 at all!!!!!=="}}), "400");
        row("key 15 bytes", request({{"Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA"}}), "400");
        row("key 17 bytes", request({{"Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="}}), "400");
        row("key base64url", request({{"Sec-WebSocket-Key", "-_-_-_-_-_-_-_-_-_-_-w=="}}), "400");
        row("key twice",
            request().replace("\r\n\r\n",
                              "\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n\r\n"),
            "400");
        row("version missing", request({{"Sec-WebSocket-Version", none}}), "400", version);
        row("version not a number", request({{"Sec-WebSocket-Version", "thirteen"}}), "400",
            version);
        row("version 8", request({{"Sec-WebSocket-Version", "8"}}), "426", version);
        row("version 14", request({{"Sec-WebSocket-Version", "14"}}), "426", version);
        row("HTTP/1.0", request({}, "GET /ws HTTP/1.0"), "505");
        row("host missing", request({{"Host", none}}), "400");
        row("host twice", request().replace("\r\n\r\n", "\r\nHost: other\r\n\r\n"), "400");
        row("connection missing", request({{"Connection", none}}), "400");
        row("connection without upgrade", request({{"Connection", "keep-alive"}}), "400");
        row("upgrade missing", request({{"Upgrade", none}}), "426", "upgrade: websocket");
        row("upgrade h2c", request({{"Upgrade", "h2c"}}), "426", "upgrade: websocket");
        row("POST", request({}, "POST /ws HTTP/1.1"), "405", "allow: get");
        row("obsolete line folding", request().replace("\r\n\r\n", "\r\nX-A: a\r\n b\r\n\r\n"),
            "400");
        row("head over the limit", request({{"X-Pad", QByteArray(17000, 'p')}}), "431");
        row("request line over the limit", "GET /ws?" + QByteArray(20000, 'q') + " HTTP/1.1\r\n",
            "431");
        row("body on the upgrade", request({{"Content-Length", "2"}}) + "{}", "400");
    }
    void refused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, status);
        QFETCH(QByteArray, header);
        bool closed = false;
        const QByteArray answer = exchange(m_fx->url(), bytes, &closed);
        QVERIFY2(answer.startsWith("HTTP/1.1 " + status + " "), answer.left(200).constData());
        QVERIFY2(closed, "the connection was not closed after the refusal");
        const QByteArray head = answer.left(answer.indexOf("\r\n\r\n")).toLower();
        QVERIFY(head.contains("connection: close"));
        if (!header.isEmpty())
            QVERIFY2(head.contains(header), head.constData());
        // Nothing was upgraded: the node never had a session for it.
        QCOMPARE(m_fx->server->connectionCount(), 0);
    }

    void accepted_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("plain") << request();
        QTest::newRow("absolute-form target")
            << request({}, "GET http://127.0.0.1:" + QByteArray::number(0) + "/ws HTTP/1.1");
        QTest::newRow("lower-case names, token lists")
            << request({{"Connection", "keep-alive, Upgrade"}, {"Upgrade", "WebSocket"}})
                   .replace("Sec-WebSocket-Key", "sec-websocket-key");
        QTest::newRow("query string") << request({}, "GET /ws?client=raw HTTP/1.1");
    }
    void accepted()
    {
        QFETCH(QByteArray, bytes);
        RawWebSocket raw;
        QVERIFY(raw.connectTcp(m_fx->url()));
        raw.writeRaw(
            bytes.replace("127.0.0.1:0", "127.0.0.1:" + QByteArray::number(m_fx->url().port())));
        QVERIFY(raw.waitHttpHead());
        QVERIFY2(raw.httpHead().startsWith("HTTP/1.1 101 "), raw.httpHead().constData());
        QVERIFY(raw.httpHead().contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QTRY_COMPARE(m_fx->server->connectionCount(), 1);
    }

    //! A head that never completes is answered 408 at the hello deadline, never left hanging.
    void unfinishedHeadTimesOut()
    {
        QElapsedTimer since;
        since.start();
        bool closed = false;
        const QByteArray answer = exchange(m_fx->url(), request().left(40), &closed);
        QVERIFY2(answer.startsWith("HTTP/1.1 408 "), answer.constData());
        QVERIFY(closed);
        QVERIFY(since.elapsed() >= kHelloTimeoutMs - 50);
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstEdgeHandshake)
#include "tst_edgehandshake.moc"
