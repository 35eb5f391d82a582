#pragma once

// W2, many rooms, durable: `rooms` rooms with `perRoom` subscribers each and one publisher
// per room (hello only, not subscribed). The publishers take turns at a fixed total `rate`
// publishes/s for `seconds` (after `warmupS` unmeasured), so every room gets rate/rooms
// publishes/s. Measured: publish -> each subscriber's receipt (p50, p99, max) and the
// server's CPU while measuring. Every subscriber must get every seq of its room exactly once,
// in order, and every ack must carry the seq of its publish.

#include "wsupgrade.h"

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace roomcast::loadgen {

struct RoomsOptions
{
    int rooms = 200;
    int perRoom = 5;
    double rate = 2000; // publishes/s over all rooms
    double seconds = 4;
    double warmupS = 0.5;
    int bodyBytes = 100;
    int inFlight = 256;
    double timeoutS = 120;
    pid_t serverPid = 0;
};

struct RoomsResult
{
    double connectS = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double ackP50Ms = 0;
    double serverCpuPct = -1; // measured part, % of one core (-1: not measured)
    double loadgenCpuPct = 0;
    std::uint64_t publishes = 0; // measured
    std::uint64_t samples = 0;
    std::uint64_t deliveriesChecked = 0;
};

bool runRooms(const Target &target, const std::string &token, const RoomsOptions &options,
              RoomsResult &result, std::string &error);

} // namespace roomcast::loadgen
