#pragma once

#include <cstdint>

namespace roomcast::client {

//! The client side of PROTOCOL.md section 5, as pure logic over caller-supplied time:
//! when to send a WebSocket ping, what the round trip was, and when a connection that has
//! heard nothing for interval + timeout must be treated as dead.
class HeartbeatMonitor
{
public:
    void start(std::int64_t nowMs, int intervalMs, int timeoutMs);
    //! Any frame or pong from the server.
    void onActivity(std::int64_t nowMs);
    void onPingSent(std::int64_t nowMs);
    //! A pong for our ping: returns the round trip in ms.
    int onPong(std::int64_t nowMs);

    bool isDead(std::int64_t nowMs) const;
    bool shouldPing(std::int64_t nowMs) const;
    //! The next moment something is due (ping or death), for a single-shot timer.
    std::int64_t nextDeadline() const;
    int rttMs() const { return m_rttMs; }

private:
    std::int64_t m_lastHeardMs = 0;
    std::int64_t m_lastPingMs = -1;
    std::int64_t m_nextPingMs = 0;
    int m_intervalMs = 25000;
    int m_timeoutMs = 10000;
    int m_rttMs = -1;
};

} // namespace roomcast::client
