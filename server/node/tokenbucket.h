#pragma once

#include <algorithm>
#include <cstdint>

namespace roomcast::server {

//! Classic token bucket: `rate` tokens per second up to `burst`. Time comes from the caller,
//! so the limiter is exact under an injected clock.
class TokenBucket
{
public:
    TokenBucket(double rate, int burst, std::int64_t nowMs)
        : m_rate(rate), m_burst(burst), m_tokens(burst), m_lastMs(nowMs)
    {}

    //! Takes one token; returns 0 on success, else how many ms until one is available.
    std::int64_t take(std::int64_t nowMs)
    {
        refill(nowMs);
        if (m_tokens >= 1.0) {
            m_tokens -= 1.0;
            return 0;
        }
        if (m_rate <= 0)
            return 1000;
        return std::max<std::int64_t>(
            1, static_cast<std::int64_t>((1.0 - m_tokens) * 1000.0 / m_rate + 0.999));
    }

private:
    void refill(std::int64_t nowMs)
    {
        if (nowMs > m_lastMs) {
            m_tokens = std::min<double>(m_burst, m_tokens + (nowMs - m_lastMs) * m_rate / 1000.0);
            m_lastMs = nowMs;
        }
    }

    double m_rate;
    int m_burst;
    double m_tokens;
    std::int64_t m_lastMs;
};

} // namespace roomcast::server
