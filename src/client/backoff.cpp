#include "backoff.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <utility>

namespace roomcast::client {

namespace {

//! 2^30 times any int stays far below 2^63: the ceiling is computed without overflow.
constexpr int kMaxExponent = 30;

} // namespace

Backoff::Backoff(Policy policy, std::function<double()> random01)
    : m_policy(policy), m_random(std::move(random01))
{}

int Backoff::ceilingMs() const
{
    const std::int64_t base = std::max(0, m_policy.baseMs);
    const std::int64_t cap = std::max(0, m_policy.capMs);
    const int exponent = std::clamp(m_attempt, 0, kMaxExponent);
    return static_cast<int>(std::min(cap, base << exponent));
}

int Backoff::nextDelayMs()
{
    const std::int64_t ceiling = ceilingMs();
    double r = m_random ? m_random() : 0.0;
    if (!(r >= 0.0)) // negative or NaN: a broken source must not produce a broken delay
        r = 0.0;
    r = std::min(r, 1.0);
    // Full jitter: every whole millisecond of [0, ceiling] is equally likely.
    const auto drawn = static_cast<std::int64_t>(std::floor(r * static_cast<double>(ceiling + 1)));
    if (m_attempt < INT_MAX)
        ++m_attempt;
    return static_cast<int>(std::min(drawn, ceiling));
}

} // namespace roomcast::client
