#pragma once

#include <cstdint>
#include <vector>

namespace roomcast::server {

//! Counts events within a sliding window (the error storm rule: more than N in W ms). Holds
//! nothing until the first event (every session has one; a std::deque would allocate a
//! 512-byte block per session up front) and at most limit + 1 timestamps after it.
class SlidingCounter
{
public:
    SlidingCounter(int limit, std::int64_t windowMs) : m_limit(limit), m_windowMs(windowMs) {}

    //! Records one event; returns true when the count within the window exceeds the limit.
    bool hit(std::int64_t nowMs)
    {
        m_events.push_back(nowMs);
        std::size_t expired = 0;
        while (expired < m_events.size() && m_events[expired] <= nowMs - m_windowMs)
            ++expired;
        // Only whether the limit is exceeded matters: older events beyond it can go too.
        const std::size_t keep = static_cast<std::size_t>(m_limit) + 1;
        if (m_events.size() - expired > keep)
            expired = m_events.size() - keep;
        m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(expired));
        return static_cast<int>(m_events.size()) > m_limit;
    }

private:
    int m_limit;
    std::int64_t m_windowMs;
    std::vector<std::int64_t> m_events;
};

} // namespace roomcast::server
