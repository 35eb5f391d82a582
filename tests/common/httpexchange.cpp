#include "httpexchange.h"

#include <QHostAddress>
#include <QTest>

namespace roomcast::test {

std::optional<QByteArray> HttpReply::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return std::nullopt;
}

nlohmann::json HttpReply::json() const
{
    return nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
}

HttpExchange::HttpExchange(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        m_received += m_socket.readAll();
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_closed = true;
    });
}

QByteArray HttpExchange::request(const QByteArray &method, const QByteArray &path,
                                 const QList<QByteArray> &headerLines, const QByteArray &body)
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &line : headerLines)
        out += line + "\r\n";
    if (!body.isEmpty() || method == "POST")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    return out;
}

bool HttpExchange::connectTo(const QUrl &url, int timeoutMs)
{
    m_socket.connectToHost(QHostAddress(url.host()), static_cast<quint16>(url.port()));
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                           timeoutMs);
}

void HttpExchange::write(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

bool HttpExchange::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
}

bool HttpExchange::waitReceived(const QByteArray &bytes, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_received.contains(bytes); }, timeoutMs);
}

HttpReply HttpExchange::reply() const
{
    return HttpReply::parse(m_received);
}

HttpReply HttpReply::parse(const QByteArray &bytes)
{
    HttpReply r;
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return r;
    r.head = bytes.left(end);
    const QList<QByteArray> lines = r.head.split('\n');
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    if (status.size() < 2 || !status[0].startsWith("HTTP/1."))
        return r;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.append(
                {lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
    }
    r.body = bytes.mid(end + 4);
    bool ok = false;
    const qsizetype length = r.header("content-length").value_or("-1").toLongLong(&ok);
    if (!ok || length < 0 || r.body.size() < length)
        return r; // incomplete: status stays -1
    r.body.truncate(length);
    r.status = status[1].toInt();
    return r;
}

HttpReply HttpExchange::send(const QUrl &url, const QByteArray &bytes, int timeoutMs)
{
    HttpExchange exchange;
    if (!exchange.connectTo(url, timeoutMs))
        return {};
    exchange.write(bytes);
    if (!exchange.waitClosed(timeoutMs))
        return {};
    return exchange.reply();
}

} // namespace roomcast::test
