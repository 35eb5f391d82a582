#pragma once

#include <cstdint>
#include <functional>

namespace roomcast::client {

//! Reconnect delays: exponential with full jitter at every step, the cap included
//! (delay = uniform(0, min(cap, base * 2^attempt)))), the exponent clamped so that no
//! outage, however long, can overflow it. The random source is injected for exact tests.
class Backoff
{
public:
    struct Policy
    {
        int baseMs = 1000;
        int capMs = 30000;
    };
    //! `random01` returns a uniform double in [0, 1).
    Backoff(Policy policy, std::function<double()> random01);

    //! The delay before the next attempt; counts the attempt.
    int nextDelayMs();
    //! The ceiling the next delay is drawn under (for display and tests).
    int ceilingMs() const;
    int attempt() const { return m_attempt; }
    //! After `welcome`: start over.
    void reset() { m_attempt = 0; }

private:
    Policy m_policy;
    std::function<double()> m_random;
    int m_attempt = 0;
};

} // namespace roomcast::client
