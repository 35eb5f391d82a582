#pragma once

// W3, idle connections: N sessions, each subscribed to one of `rooms` rooms, brought up as
// fast as the server lets them (`inFlight` handshakes at once): connections/s for
// connect + upgrade + hello + subscribe of all N, then the server's resident memory per
// connection (its VmRSS before the first connection and after the last, plus `settleS`).

#include "wsupgrade.h"

#include <sys/types.h>

#include <string>

namespace roomcast::loadgen {

struct IdleOptions
{
    int connections = 9000;
    int rooms = 100;
    int inFlight = 256;
    double settleS = 1;
    double timeoutS = 300;
    pid_t serverPid = 0; // 0: no memory figures
};

struct IdleResult
{
    double connectS = 0;
    double connectionsPerS = 0;
    long rssBeforeKb = -1;
    long rssAfterKb = -1;
    double kbPerConnection = 0;
    double serverCpuPct = -1; // while connecting, % of one core
    double loadgenCpuPct = 0;
};

bool runIdle(const Target &target, const std::string &token, const IdleOptions &options,
             IdleResult &result, std::string &error);

} // namespace roomcast::loadgen
