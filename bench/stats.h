#pragma once

#include "probe.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace roomcast::bench {

//! Latency samples in nanoseconds, summarised once a run is over.
struct Latencies
{
    double p50Ms = 0;
    double p99Ms = 0;
    double meanMs = 0;
    double maxMs = 0;
};

//! CPU busy over a measured phase, as a share of one core (1.0 = one core all the time).
struct CpuShare
{
    double node = 0;   //!< the node thread (every node of the run: they share it)
    double client = 0; //!< the bench's client thread
    double other = 0;  //!< the rest of the process: the SQLite writer thread, Qt helpers
    double redis = 0;  //!< redis-server (10 ms resolution)
};

//! Nearest-rank percentiles (the value at or below which `p` percent of samples fall).
Latencies summarize(std::vector<std::int64_t> samplesNs);

//! The publish scenario on one peer.
struct PublishResult
{
    int clients = 0;
    int messages = 0;
    double seconds = 0;       //!< first measured publish sent .. last ack received
    double perSecond = 0;     //!< acked messages per second
    Latencies ack;            //!< publish sent -> its ack received, per message
    double nodeAckMeanMs = 0; //!< the node's own accept -> stored time (its metrics), mean
    double redisEvalUs = 0;   //!< Redis's own time inside EVAL per call (0: no Redis)
    CpuShare cpu;
};

//! The fan-out scenario on one layout.
struct FanoutResult
{
    int subscribers = 0;
    int messages = 0;
    int nodes = 0;
    double seconds = 0; //!< first measured publish sent .. last delivery
    double deliveriesPerSecond = 0;
    Latencies last;  //!< publish sent -> the last subscriber got it, per message
    Latencies first; //!< publish sent -> the first subscriber got it
    CpuShare cpu;
};

//! The CPU shares between two probe samples `seconds` apart.
CpuShare cpuShare(const ProbeSample &before, const ProbeSample &after, double seconds);

//! a / b, or nothing when b is 0 (a peer that did not run).
std::optional<double> ratio(double a, double b);

} // namespace roomcast::bench
