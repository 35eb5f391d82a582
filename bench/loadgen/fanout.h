#pragma once

// W1 and W1-fixed on one set of connections: S subscribers of one room and one publisher
// (not subscribed). W1 keeps `window` publishes in flight (a publish is done once every
// subscriber has it) and measures deliveries/s over `publishes` publishes after `warmup`.
// W1-fixed then publishes at `rate`/s for `fixedSeconds` and takes the latency from sending
// each publish to every subscriber's receipt. Every subscriber must get every seq exactly
// once, in order, and every ack must carry the seq of its publish.

#include "wsupgrade.h"

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace roomcast::loadgen {

struct FanoutOptions
{
    int subscribers = 1000;
    int window = 8;
    int warmup = 20;
    int publishes = 200;
    double rate = 50;
    double fixedSeconds = 4;
    int bodyBytes = 100;
    int inFlight = 256; // handshakes in flight while connecting
    std::string room = "bench";
    double timeoutS = 120; // per phase
    pid_t serverPid = 0;   // for its CPU use during W1 (0: not measured)
};

struct FanoutResult
{
    double connectS = 0;
    double deliveriesPerS = 0;
    double usPerDelivery = 0;
    double publishesPerS = 0;
    double saturatedLastP50Ms = 0; // W1: publish -> last subscriber, median
    double serverCpuPct = -1;      // W1 window, % of one core (-1: not measured)
    double loadgenCpuPct = 0;
    double fixedP50Ms = 0;
    double fixedP99Ms = 0;
    double fixedMaxMs = 0;
    double fixedAckP50Ms = 0; // publish -> ack, median
    std::uint64_t fixedSamples = 0;
    std::uint64_t fixedPublishes = 0;
    std::uint64_t deliveriesChecked = 0;
};

//! False with `error` set when a session failed, a check did not hold or a phase timed out.
bool runFanout(const Target &target, const std::string &token, const FanoutOptions &options,
               FanoutResult &result, std::string &error);

} // namespace roomcast::loadgen
