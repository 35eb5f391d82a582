#include "node/session.h"

#include "edge/connection.h"

namespace roomcast::server {

Session::Session(std::uint64_t id, edge::Connection *connection, std::int64_t nowMs,
                 double publishRate, int publishBurst, int errorLimit, std::int64_t errorWindowMs)
    : publishBucket(publishRate, publishBurst, nowMs), errors(errorLimit, errorWindowMs),
      acceptedMs(nowMs), lastSeenMs(nowMs), m_id(id), m_connection(connection)
{}

Session::~Session()
{
    // Nothing the socket still says may reach a node that forgot this session.
    m_connection->setEvents({});
}

bool Session::send(const QByteArray &frame, std::int64_t maxBuffered)
{
    return m_closing || m_connection->send(frame, maxBuffered);
}

void Session::close(protocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_connection->close(static_cast<int>(code), reason);
}

void Session::abort()
{
    m_closing = true;
    m_connection->abort();
}

} // namespace roomcast::server
