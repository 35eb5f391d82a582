// Shared by the liveness tests (tst_liveness, tst_refresh, tst_drain): a node with short
// heartbeat, drain and presence-grace times.
#pragma once

#include "serverfixture.h"

#include <memory>

namespace roomcast::test {

constexpr int kIntervalMs = 200;
constexpr int kTimeoutMs = 200;
constexpr int kDrainWindowMs = 1000;
constexpr int kGraceMs = 300;

//! Not started yet.
inline std::unique_ptr<ServerFixture> livenessNode()
{
    auto fx = std::make_unique<ServerFixture>();
    fx->config.heartbeatIntervalMs = kIntervalMs;
    fx->config.heartbeatTimeoutMs = kTimeoutMs;
    fx->config.drainWindowMs = kDrainWindowMs;
    fx->config.presenceGraceMs = kGraceMs;
    return fx;
}

//! Mixed into the test classes (`private LivenessRig`): the node each test starts afresh.
class LivenessRig
{
protected:
    bool startRig()
    {
        m_fx = livenessNode();
        return m_fx->start();
    }
    void releaseRig() { m_fx.reset(); }

    std::unique_ptr<ServerFixture> m_fx;
};

} // namespace roomcast::test
