// Node: deadlines (the timing wheel's one entry per session: hello, ping, heartbeat silence,
// token expiry, the close handshake), presence grace periods, and the drain on shutdown.
#include "node/node.h"

#include "backend/roombackend.h"
#include "edge/connection.h"
#include "edge/listener.h"
#include "logging.h"
#include "node/session.h"

#include <QTimer>

#include <algorithm>

namespace roomcast::server {

using protocol::CloseCode;

void Node::reschedule(Session *s, std::int64_t dueMs)
{
    if (s->wheelDueMs >= 0 && s->wheelDueMs <= dueMs)
        return;
    s->wheelDueMs = dueMs;
    m_wheel->schedule(s->id(), dueMs);
}

std::int64_t Node::onWheel(std::uint64_t id, std::int64_t dueMs, std::int64_t now)
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end() || it->second->gone || it->second->wheelDueMs != dueMs)
        return -1; // stale entry
    Session *s = it->second.get();
    s->wheelDueMs = -1;
    if (s->closing()) {
        s->abort(); // the close handshake did not finish in time
        return -1;
    }
    if (!s->authenticated) {
        if (now >= s->acceptedMs + m_config.helloTimeoutMs) {
            closeSession(s, CloseCode::HelloTimeout, QStringLiteral("no hello in time"), false);
            return -1;
        }
        s->wheelDueMs = s->acceptedMs + m_config.helloTimeoutMs;
        return s->wheelDueMs;
    }
    const std::int64_t silentUntil =
        s->lastSeenMs + m_config.heartbeatIntervalMs + m_config.heartbeatTimeoutMs;
    if (now >= silentUntil) {
        closeSession(s, CloseCode::HeartbeatTimeout, QStringLiteral("heartbeat timeout"), false);
        return -1;
    }
    const std::int64_t expiresIn = s->expiryMs() - m_clock.wall();
    if (expiresIn <= 0) {
        // Not through sendError: an expiry must close with 4001, never count as the
        // error that tips the storm rule into 1008.
        m_metrics.error("unauthorized");
        sendFrame(s, protocol::ErrorReply{nullptr, "unauthorized", "token expired", std::nullopt});
        closeSession(s, CloseCode::Unauthorized, QStringLiteral("token expired"), false);
        return -1;
    }
    if (now >= s->nextPingMs) {
        s->connection()->ping();
        s->nextPingMs = now + m_config.heartbeatIntervalMs;
    }
    s->wheelDueMs = std::min({s->nextPingMs, silentUntil, now + expiresIn});
    return s->wheelDueMs;
}

void Node::armPresenceTimer()
{
    if (const auto next = m_presence.nextDeadline()) {
        const std::int64_t in = std::max<std::int64_t>(0, *next - m_clock.now());
        if (!m_presenceTimer->isActive() || m_presenceTimer->remainingTime() > in)
            m_presenceTimer->start(static_cast<int>(in));
    }
}

void Node::onPresenceTimer()
{
    if (!m_backend)
        return; // finished: nobody is left to tell
    const std::int64_t ts = m_clock.wall();
    for (const auto &change : m_presence.expire(m_clock.now()))
        m_backend->announcePresence(change.room, change.user, false, ts);
    armPresenceTimer();
}

void Node::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    qCInfo(lcServer) << "draining" << m_sessions.size() << "connections";
    if (m_listener)
        m_listener->close();
    if (m_backend)
        m_backend->flush(); // every accepted publish is stored and acknowledged first
    std::uniform_int_distribution<std::int64_t> spread(0, std::max(0, m_config.drainWindowMs));
    for (auto &[id, s] : m_sessions) {
        if (s->closing() || s->gone)
            continue;
        sendFrame(s.get(), protocol::Goaway{"shutdown", spread(m_rng)});
        if (!s->closing())
            closeSession(s.get(), CloseCode::GoingAway, QStringLiteral("server shutting down"),
                         false);
    }
    if (m_sessions.empty()) {
        QMetaObject::invokeMethod(this, &Node::finishShutdown, Qt::QueuedConnection);
        return;
    }
    QTimer::singleShot(kCloseGraceMs + 500, this, &Node::finishShutdown);
}

void Node::finishShutdown()
{
    if (!m_backend && !m_listener)
        return;
    for (auto &[id, s] : m_sessions)
        if (!s->gone)
            s->abort();
    if (m_presenceTimer)
        m_presenceTimer->stop();
    m_backend.reset();
    m_listener = nullptr;
    Q_EMIT finished();
}

} // namespace roomcast::server
