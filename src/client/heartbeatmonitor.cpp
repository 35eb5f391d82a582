#include "heartbeatmonitor.h"

#include <algorithm>
#include <climits>

namespace roomcast::client {

void HeartbeatMonitor::start(std::int64_t nowMs, int intervalMs, int timeoutMs)
{
    m_intervalMs = std::max(1, intervalMs);
    m_timeoutMs = std::max(0, timeoutMs);
    m_lastHeardMs = nowMs;
    m_lastPingMs = -1;
    m_nextPingMs = nowMs + m_intervalMs;
    m_rttMs = -1; // a new session may be another node: the old round trip says nothing
}

void HeartbeatMonitor::onActivity(std::int64_t nowMs)
{
    m_lastHeardMs = std::max(m_lastHeardMs, nowMs);
}

void HeartbeatMonitor::onPingSent(std::int64_t nowMs)
{
    m_lastPingMs = nowMs;
    m_nextPingMs = nowMs + m_intervalMs;
}

int HeartbeatMonitor::onPong(std::int64_t nowMs)
{
    onActivity(nowMs);
    if (m_lastPingMs < 0) // unsolicited, or a second pong for one ping: no new measurement
        return m_rttMs;
    m_rttMs = static_cast<int>(std::clamp<std::int64_t>(nowMs - m_lastPingMs, 0, INT_MAX));
    m_lastPingMs = -1;
    return m_rttMs;
}

bool HeartbeatMonitor::isDead(std::int64_t nowMs) const
{
    return nowMs - m_lastHeardMs >= std::int64_t(m_intervalMs) + m_timeoutMs;
}

bool HeartbeatMonitor::shouldPing(std::int64_t nowMs) const
{
    return nowMs >= m_nextPingMs;
}

std::int64_t HeartbeatMonitor::nextDeadline() const
{
    return std::min(m_nextPingMs, m_lastHeardMs + m_intervalMs + m_timeoutMs);
}

} // namespace roomcast::client
