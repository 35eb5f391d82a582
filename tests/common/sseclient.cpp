#include "sseclient.h"

#include <QHostAddress>
#include <QTest>

namespace roomcast::test {

SseClient::SseClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &SseClient::onBytes);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_closed = true;
    });
}

bool SseClient::open(const QUrl &url, const QByteArray &path, const QList<QByteArray> &headerLines)
{
    m_socket.connectToHost(QHostAddress(url.host()), static_cast<quint16>(url.port()));
    if (!QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                         5000))
        return false;
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &line : headerLines)
        request += line + "\r\n";
    m_socket.write(request + "\r\n");
    return true;
}

bool SseClient::waitHead(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_headDone || m_closed; }, timeoutMs) && m_headDone;
}

bool SseClient::waitEvents(int n, int timeoutMs)
{
    return QTest::qWaitFor([&] { return int(m_events.size()) >= n; }, timeoutMs);
}

bool SseClient::waitComments(int n, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_comments >= n || m_closed; }, timeoutMs) &&
           m_comments >= n;
}

bool SseClient::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
}

std::optional<QByteArray> SseClient::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : m_headers)
        if (name == lowerName)
            return value;
    return std::nullopt;
}

std::vector<SseEvent> SseClient::take()
{
    return std::exchange(m_events, {});
}

void SseClient::pauseReading()
{
    m_paused = true;
    m_socket.setReadBufferSize(1);
}

void SseClient::close()
{
    m_socket.abort();
    m_closed = true;
}

void SseClient::onBytes()
{
    if (m_paused)
        return;
    m_buffer += m_socket.readAll();
    if (!m_headDone) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        m_status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                m_headers.append(
                    {lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed()});
        }
        m_buffer.remove(0, end + 4);
        m_headDone = true;
    }
    if (!header("content-type").value_or(QByteArray()).startsWith("text/event-stream")) {
        m_body += std::exchange(m_buffer, {});
        return;
    }
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        parseLine(line);
    }
}

void SseClient::parseLine(const QByteArray &line)
{
    if (line.isEmpty()) { // dispatch
        if (m_pendingHasData) {
            if (m_pending.event.isEmpty())
                m_pending.event = "message";
            m_pending.id = m_lastId;
            m_events.push_back(m_pending);
        }
        m_pending = {};
        m_pendingHasData = false;
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        m_pending.data += (m_pendingHasData ? "\n" : "") + value;
        m_pendingHasData = true;
    } else if (field == "event") {
        m_pending.event = value;
    } else if (field == "id") {
        m_lastId = value;
    } else if (field == "retry") {
        m_retry = value;
    }
}

} // namespace roomcast::test
