#include "node/session.h"

#include <QTcpSocket>
#include <QWebSocket>

namespace roomcast::server {

namespace {
//! Bytes of an unmasked frame's header (RFC 6455 5.2).
qsizetype frameHeaderSize(const QByteArray &frame)
{
    const int len7 = frame.size() > 1 ? static_cast<unsigned char>(frame[1]) & 0x7F : 0;
    return len7 == 127 ? 10 : len7 == 126 ? 4 : 2;
}
} // namespace

Session::Session(std::uint64_t id, QWebSocket *socket, QTcpSocket *tcp, std::int64_t nowMs,
                 double publishRate, int publishBurst, int errorLimit, std::int64_t errorWindowMs)
    : publishBucket(publishRate, publishBurst, nowMs), errors(errorLimit, errorWindowMs),
      acceptedMs(nowMs), lastSeenMs(nowMs), m_id(id), m_socket(socket), m_tcp(tcp)
{}

Session::~Session()
{
    QObject::disconnect(tcpActivity);
    m_socket->disconnect();
    m_socket->abort();
    m_socket->deleteLater();
}

bool Session::send(const QByteArray &frame, std::int64_t maxBuffered)
{
    if (m_closing)
        return true;
    if (m_socket->bytesToWrite() > maxBuffered)
        return false;
    if (m_tcp) {
        m_tcp->write(frame);
    } else {
        // No socket to write to directly (not seen in practice): let QWebSocket frame it.
        const QByteArrayView payload = QByteArrayView(frame).sliced(frameHeaderSize(frame));
        m_socket->sendTextMessage(QString::fromUtf8(payload));
    }
    return true;
}

void Session::close(protocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
}

void Session::abort()
{
    m_closing = true;
    m_socket->abort();
}

} // namespace roomcast::server
