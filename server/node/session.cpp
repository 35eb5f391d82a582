#include "node/session.h"

#include <QWebSocket>

namespace roomcast::server {

Session::Session(std::uint64_t id, QWebSocket *socket, std::int64_t nowMs, double publishRate,
                 int publishBurst, int errorLimit, std::int64_t errorWindowMs)
    : publishBucket(publishRate, publishBurst, nowMs), errors(errorLimit, errorWindowMs),
      acceptedMs(nowMs), lastSeenMs(nowMs), m_id(id), m_socket(socket)
{}

Session::~Session()
{
    QObject::disconnect(tcpActivity);
    m_socket->disconnect();
    m_socket->abort();
    m_socket->deleteLater();
}

bool Session::send(const QString &text, std::int64_t maxBuffered)
{
    if (m_closing)
        return true;
    if (m_socket->bytesToWrite() > maxBuffered)
        return false;
    m_socket->sendTextMessage(text);
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
