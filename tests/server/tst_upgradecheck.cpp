// The upgrade check as a pure function: the head QWebSocketServer is given is rebuilt from
// checked fields only. Every refusal is exercised from a raw socket in tst_edgehandshake.
#include "server/edge/upgradecheck.h"
#include "server/http/httprequest.h"

#include <QTest>

using namespace roomcast::server;

namespace {
std::variant<QByteArray, edge::UpgradeRefusal> check(const QByteArray &head)
{
    http::HttpRequestParser parser(http::HttpLimits{16384, 0});
    if (parser.parse(head) != http::HttpRequestParser::Status::Complete)
        return edge::UpgradeRefusal{-1, {}, "unparsed"};
    return edge::checkUpgrade(parser.request());
}
} // namespace

class TstUpgradeCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void canonicalHead()
    {
        const auto result = check("GET http://example.org:8765/ws?x=1 HTTP/1.1\r\n"
                                  "host: example.org:8765\r\nUPGRADE: WebSocket\r\n"
                                  "Connection: keep-alive, Upgrade\r\nX-Other: dropped\r\n"
                                  "Origin: https://app.example\r\n"
                                  "Sec-WebSocket-Version: 13\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        QVERIFY(std::holds_alternative<QByteArray>(result));
        QCOMPARE(std::get<QByteArray>(result),
                 QByteArray("GET /ws?x=1 HTTP/1.1\r\nHost: example.org:8765\r\n"
                            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\nOrigin: https://app.example\r\n\r\n"));
    }

    void refusalResponseIsComplete()
    {
        const edge::UpgradeRefusal refusal{426, "Sec-WebSocket-Version: 13\r\n", "only 13"};
        QCOMPARE(refusal.response(),
                 QByteArray("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 8\r\n"
                            "Connection: close\r\n\r\nonly 13\n"));
    }

    //! Base64 with non-zero padding bits or the URL alphabet is not a key (RFC 4648 4 and 5).
    void keyAlphabet_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<bool>("valid");
        QTest::newRow("rfc sample") << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << true;
        QTest::newRow("plus and slash") << QByteArray("+/+/+/+/+/+/+/+/+/+/+w==") << true;
        QTest::newRow("padding bits") << QByteArray("dGhlIHNhbXBsZSBub25jZR==") << false;
        QTest::newRow("base64url") << QByteArray("-_-_-_-_-_-_-_-_-_-_-w==") << false;
        QTest::newRow("17 bytes") << QByteArray("dGhlIHNhbXBsZSBub25jZXM=") << false;
        QTest::newRow("unpadded") << QByteArray("dGhlIHNhbXBsZSBub25jZQ") << false;
    }
    void keyAlphabet()
    {
        QFETCH(QByteArray, key);
        QFETCH(bool, valid);
        const auto result =
            check("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " +
                  key + "\r\n\r\n");
        QCOMPARE(std::holds_alternative<QByteArray>(result), valid);
        if (!valid)
            QCOMPARE(std::get<edge::UpgradeRefusal>(result).status, 400);
    }
};

QTEST_APPLESS_MAIN(TstUpgradeCheck)
#include "tst_upgradecheck.moc"
