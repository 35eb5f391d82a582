#pragma once

#include <cstdint>
#include <deque>

namespace roomcast::server {

//! Counts events within a sliding window (the error storm rule: more than N in W ms).
class SlidingCounter
{
public:
    SlidingCounter(int limit, std::int64_t windowMs) : m_limit(limit), m_windowMs(windowMs) {}

    //! Records one event; returns true when the count within the window exceeds the limit.
    bool hit(std::int64_t nowMs)
    {
        m_events.push_back(nowMs);
        while (!m_events.empty() && m_events.front() <= nowMs - m_windowMs)
            m_events.pop_front();
        return static_cast<int>(m_events.size()) > m_limit;
    }

private:
    int m_limit;
    std::int64_t m_windowMs;
    std::deque<std::int64_t> m_events;
};

} // namespace roomcast::server
