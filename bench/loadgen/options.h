#pragma once

// The command line of roomcast-loadgen.

#include "fanout.h"
#include "idle.h"

#include <string>

namespace roomcast::loadgen {

struct Options
{
    std::string url;
    std::string token;
    std::string workload; // "fanout" (W1 + W1-fixed) or "idle" (W3)
    FanoutOptions fanout;
    IdleOptions idle;
};

//! Fills `options` from argv; false after printing the problem (or the help) to stderr.
bool parseOptions(int argc, char **argv, Options &options);

} // namespace roomcast::loadgen
