#include "upgradecheck.h"

#include <QList>

namespace roomcast::server::edge {

namespace {

constexpr qsizetype kMaxHostBytes = 1024;   //!< a DNS name, a port, an IPv6 literal
constexpr qsizetype kMaxOriginBytes = 4096; //!< well under QtWebSockets' 8 KiB line limit

const QByteArray kVersionHeader = QByteArrayLiteral("Sec-WebSocket-Version: 13\r\n");

UpgradeRefusal refuse(int status, const char *message, const QByteArray &headers = {})
{
    return UpgradeRefusal{status, headers, QByteArray(message)};
}

QList<QByteArray> values(const http::HttpRequest &request, QByteArrayView lowerName)
{
    QList<QByteArray> out;
    for (const auto &[name, value] : request.headers)
        if (name == lowerName)
            out.append(value);
    return out;
}

//! True when a comma-separated header (all its occurrences) lists `token`, ignoring case.
bool listsToken(const QList<QByteArray> &lines, QByteArrayView token)
{
    for (const QByteArray &line : lines)
        for (const QByteArray &item : line.split(','))
            if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
    return false;
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 9)
        return false;
    for (const char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

//! RFC 6455 4.1: the key is 16 random bytes in base64 (RFC 4648 section 4, padded), i.e.
//! exactly 22 alphabet characters and "==". The URL-safe alphabet is not base64 here.
bool isValidKey(QByteArrayView key)
{
    if (key.size() != 24 || !key.endsWith("=="))
        return false;
    for (qsizetype i = 0; i < 22; ++i) {
        const char c = key[i];
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (!ok)
            return false;
    }
    // The last character before the padding carries 2 bits only: the other 4 must be zero.
    static const QByteArray alphabet =
        QByteArrayLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    return (alphabet.indexOf(key[21]) & 0x0F) == 0;
}

//! uri-host [ ":" port ]: a registered name, an IPv4 or a bracketed IPv6 literal.
bool isValidHost(QByteArrayView host)
{
    if (host.isEmpty() || host.size() > kMaxHostBytes)
        return false;
    for (const char c : host) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' ||
                        c == ']' || c == '_' || c == '~' || c == '%';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QByteArray UpgradeRefusal::response() const
{
    static const char *const phrases[][2] = {
        {"400", "Bad Request"},
        {"404", "Not Found"},
        {"405", "Method Not Allowed"},
        {"426", "Upgrade Required"},
        {"431", "Request Header Fields Too Large"},
        {"505", "HTTP Version Not Supported"},
        {"408", "Request Timeout"},
    };
    QByteArray phrase = "Error";
    const QByteArray code = QByteArray::number(status);
    for (const auto &p : phrases)
        if (code == p[0])
            phrase = p[1];
    const QByteArray body = message + '\n';
    return "HTTP/1.1 " + code + ' ' + phrase + "\r\n" + extraHeaders +
           "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::variant<QByteArray, UpgradeRefusal> checkUpgrade(const http::HttpRequest &request)
{
    if (request.version != "HTTP/1.1")
        return refuse(505, "a WebSocket upgrade needs HTTP/1.1 (RFC 6455 4.1)");
    if (request.method != "GET")
        return refuse(405, "a WebSocket upgrade is a GET", "Allow: GET\r\n");

    const QList<QByteArray> hosts = values(request, "host");
    if (hosts.size() != 1)
        return refuse(400, hosts.isEmpty() ? "Host header missing" : "more than one Host header");
    if (!isValidHost(hosts.constFirst()))
        return refuse(400, "Host header: not a host[:port]");

    if (!listsToken(values(request, "upgrade"), "websocket"))
        return refuse(426, "Upgrade: websocket expected on this path", "Upgrade: websocket\r\n");
    if (!listsToken(values(request, "connection"), "upgrade"))
        return refuse(400, "Connection header must list the Upgrade token");

    const QList<QByteArray> versions = values(request, "sec-websocket-version");
    if (versions.isEmpty())
        return refuse(400, "Sec-WebSocket-Version header missing", kVersionHeader);
    if (versions.size() > 1 || !isDigits(versions.constFirst()))
        return refuse(400, "Sec-WebSocket-Version: not a version number", kVersionHeader);
    if (versions.constFirst() != "13")
        return refuse(426, "Sec-WebSocket-Version: only 13 is supported", kVersionHeader);

    const QList<QByteArray> keys = values(request, "sec-websocket-key");
    if (keys.size() != 1)
        return refuse(400, keys.isEmpty() ? "Sec-WebSocket-Key header missing"
                                          : "more than one Sec-WebSocket-Key header");
    if (!isValidKey(keys.constFirst()))
        return refuse(400, "Sec-WebSocket-Key: not 16 bytes in base64");

    const QList<QByteArray> origins = values(request, "origin");
    if (origins.size() > 1)
        return refuse(400, "more than one Origin header");
    if (!origins.isEmpty() && origins.constFirst().size() > kMaxOriginBytes)
        return refuse(431, "Origin header too long");

    QByteArray head =
        "GET " + request.target + " HTTP/1.1\r\nHost: " + hosts.constFirst() +
        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + keys.constFirst() +
        "\r\nSec-WebSocket-Version: 13\r\n";
    if (!origins.isEmpty())
        head += "Origin: " + origins.constFirst() + "\r\n";
    head += "\r\n";
    return head;
}

} // namespace roomcast::server::edge
