#pragma once

// Small numeric helpers of the load generator: percentiles of latency samples, the resident
// set size and the CPU time of a process.

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace roomcast::loadgen {

//! The q-quantile (0..1, nearest rank) of `samples`, which it reorders; 0 when empty.
std::int64_t percentile(std::vector<std::int64_t> &samples, double q);

//! VmRSS of process `pid` in KiB, from /proc/PID/status; -1 when it cannot be read.
long residentKb(pid_t pid);

//! CPU seconds of process `pid`, all its threads, from their schedstat; -1 when unreadable.
double cpuSeconds(pid_t pid);

//! User + system CPU seconds of this process so far.
double selfCpuSeconds();

//! CPU use of the server and of this process over a window, as a share of one core.
struct CpuMeter
{
    void start(pid_t serverPid, std::int64_t nowNs);
    void stop(std::int64_t nowNs);
    pid_t pid = 0;
    double server0 = 0, self0 = 0;
    std::int64_t t0 = 0;
    double serverPct = -1; // -1: no server pid
    double selfPct = 0;
};

inline double nsToMs(std::int64_t ns)
{
    return double(ns) / 1e6;
}

} // namespace roomcast::loadgen
