#include "rawwebsocket.h"

#include <QCryptographicHash>
#include <QHostAddress>

namespace roomcast::test {

namespace {
// RFC 6455 section 1.3: this key and the accept value it must produce.
constexpr char kKey[] = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr char kAccept[] = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
} // namespace

RawWebSocket::RawWebSocket(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawWebSocket::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_disconnected = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_disconnected = true;
    });
}

QByteArray RawWebSocket::upgradeRequest(const QUrl &url, const QByteArray &path)
{
    QByteArray request;
    request += "GET " + path + " HTTP/1.1\r\n";
    request += "Host: " + url.host().toLatin1() + ':' + QByteArray::number(url.port()) + "\r\n";
    request += "Upgrade: websocket\r\n";
    request += "Connection: Upgrade\r\n";
    request += QByteArrayLiteral("Sec-WebSocket-Key: ") + kKey + "\r\n";
    request += "Sec-WebSocket-Version: 13\r\n";
    request += "\r\n";
    return request;
}

QByteArray RawWebSocket::buildFrame(quint8 opcode, const QByteArray &payload, bool masked, bool fin,
                                    int rsv)
{
    QByteArray frame;
    frame.append(static_cast<char>((fin ? 0x80 : 0x00) | ((rsv & 0x7) << 4) | (opcode & 0x0F)));
    const quint8 maskBit = masked ? 0x80 : 0x00;
    const auto size = static_cast<quint64>(payload.size());
    if (size < 126) {
        frame.append(static_cast<char>(maskBit | size));
    } else if (size <= 0xFFFF) {
        frame.append(static_cast<char>(maskBit | 126));
        frame.append(static_cast<char>((size >> 8) & 0xFF));
        frame.append(static_cast<char>(size & 0xFF));
    } else {
        frame.append(static_cast<char>(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(static_cast<char>((size >> shift) & 0xFF));
    }
    if (!masked)
        return frame + payload;
    const char mask[4] = {'\x37', '\xfa', '\x21', '\x3d'}; // RFC 6455 5.7's masking key
    frame.append(mask, 4);
    QByteArray body = payload;
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = static_cast<char>(body[i] ^ mask[i % 4]);
    return frame + body;
}

bool RawWebSocket::connectTcp(const QUrl &url, int timeoutMs)
{
    m_disconnected = false;
    m_socket.connectToHost(QHostAddress(url.host()), static_cast<quint16>(url.port()));
    return spinUntil([this] { return isConnected() || m_disconnected; }, timeoutMs) &&
           isConnected();
}

bool RawWebSocket::upgrade(const QByteArray &path, int timeoutMs, const QByteArray &after)
{
    const QUrl url(QStringLiteral("ws://%1:%2")
                       .arg(m_socket.peerAddress().toString())
                       .arg(m_socket.peerPort()));
    m_upgrading = true;
    writeRaw(upgradeRequest(url, path) + after);
    if (!waitHttpHead(timeoutMs))
        return false;
    if (!m_head.startsWith("HTTP/1.1 101"))
        return false;
    return m_head.contains(QByteArrayLiteral("Sec-WebSocket-Accept: ") + kAccept);
}

bool RawWebSocket::open(const QUrl &url, int timeoutMs)
{
    return connectTcp(url, timeoutMs) && upgrade(url.path().toLatin1(), timeoutMs);
}

std::optional<RawWebSocket::Json>
RawWebSocket::openAndHello(const QUrl &url, const std::string &token, int timeoutMs)
{
    if (!open(url, timeoutMs))
        return std::nullopt;
    sendJson({{"type", "hello"}, {"protocol", 1}, {"token", token}, {"client", "raw-tests/1"}});
    return waitFor("welcome", timeoutMs);
}

void RawWebSocket::sendText(const QByteArray &utf8)
{
    writeRaw(buildFrame(Text, utf8));
}

void RawWebSocket::sendJson(const Json &frame)
{
    sendText(QByteArray::fromStdString(frame.dump()));
}

void RawWebSocket::writeRaw(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

std::optional<RawWebSocket::Json> RawWebSocket::waitFor(const std::string &type, int timeoutMs)
{
    return m_frames.waitFor(type, timeoutMs);
}

std::deque<RawWebSocket::Json> RawWebSocket::take(const std::string &type)
{
    return m_frames.take(type);
}

bool RawWebSocket::has(const std::string &type) const
{
    return m_frames.has(type);
}

bool RawWebSocket::waitHttpHead(int timeoutMs)
{
    return spinUntil([this] { return m_headDone; }, timeoutMs);
}

void RawWebSocket::pauseReading()
{
    m_paused = true;
    m_socket.setReadBufferSize(1);
}

void RawWebSocket::resumeReading()
{
    m_paused = false;
    m_socket.setReadBufferSize(0);
    onReadyRead();
}

bool RawWebSocket::waitDisconnected(int timeoutMs)
{
    return spinUntil(
        [this] { return m_disconnected || m_socket.state() == QAbstractSocket::UnconnectedState; },
        timeoutMs);
}

void RawWebSocket::onReadyRead()
{
    if (m_paused)
        return;
    m_buffer += m_socket.readAll();
    if (!m_headDone) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_head = m_buffer.left(end + 4);
        m_buffer.remove(0, end + 4);
        m_headDone = true;
    }
    if (m_upgrading && m_head.startsWith("HTTP/1.1 101"))
        parseFrames();
}

void RawWebSocket::parseFrames()
{
    for (;;) {
        if (m_buffer.size() < 2)
            return;
        const auto *data = reinterpret_cast<const quint8 *>(m_buffer.constData());
        const quint8 opcode = data[0] & 0x0F;
        const bool masked = (data[1] & 0x80) != 0;
        quint64 length = data[1] & 0x7F;
        qsizetype offset = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = (quint64(data[2]) << 8) | data[3];
            offset = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | data[2 + i];
            offset = 10;
        }
        const qsizetype maskOffset = offset;
        if (masked)
            offset += 4;
        if (static_cast<quint64>(m_buffer.size() - offset) < length)
            return;
        QByteArray payload = m_buffer.mid(offset, static_cast<qsizetype>(length));
        if (masked) {
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = static_cast<char>(payload[i] ^ m_buffer[maskOffset + (i % 4)]);
        }
        m_buffer.remove(0, offset + static_cast<qsizetype>(length));

        switch (opcode) {
        case Text: {
            ++m_texts;
            m_frames.pushText(
                std::string_view(payload.constData(), static_cast<std::size_t>(payload.size())));
            break;
        }
        case Ping:
            ++m_pings; // never answered: this client is silent on purpose
            break;
        case Close:
            if (payload.size() >= 2)
                m_closeCode = (quint8(payload[0]) << 8) | quint8(payload[1]);
            else if (m_closeCode < 0)
                m_closeCode = 1005; // no status code present
            break;
        default:
            break;
        }
    }
}

} // namespace roomcast::test
