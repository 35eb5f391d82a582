#pragma once

// The disk's durable-write latency, the floor of any store-then-deliver path (W2): append
// `bytes` to a file in `dir` and fdatasync() it, `samples` times, as SQLite's WAL commit
// does. The file is removed afterwards.

#include <cstdint>
#include <string>

namespace roomcast::loadgen {

struct FsyncOptions
{
    std::string dir;
    int samples = 1000;
    int bytes = 4096;
};

struct FsyncResult
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
};

bool runFsyncProbe(const FsyncOptions &options, FsyncResult &result, std::string &error);

} // namespace roomcast::loadgen
