#pragma once

// The command line of roomcast-loadgen.

#include "fanout.h"
#include "fsyncprobe.h"
#include "idle.h"
#include "rooms.h"
#include "sendfloor.h"

#include <string>

namespace roomcast::loadgen {

struct Options
{
    std::string url;
    std::string token;
    std::string
        workload; // "fanout" (W1 + W1-fixed), "rooms" (W2), "idle" (W3), "fsync" or "sendfloor"
    FanoutOptions fanout;
    RoomsOptions rooms;
    IdleOptions idle;
    FsyncOptions fsync;
    SendFloorOptions sendFloor;
};

//! Fills `options` from argv; false after printing the problem (or the help) to stderr.
bool parseOptions(int argc, char **argv, Options &options);

} // namespace roomcast::loadgen
