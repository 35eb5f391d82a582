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

} // namespace roomcast::test
