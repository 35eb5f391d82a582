#include "stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace roomcast::bench {

namespace {
constexpr double kNsPerMs = 1e6;

double percentile(const std::vector<std::int64_t> &sorted, double p)
{
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * double(sorted.size())));
    return double(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / kNsPerMs;
}
} // namespace

Latencies summarize(std::vector<std::int64_t> samplesNs)
{
    Latencies out;
    if (samplesNs.empty())
        return out;
    std::sort(samplesNs.begin(), samplesNs.end());
    out.p50Ms = percentile(samplesNs, 50);
    out.p99Ms = percentile(samplesNs, 99);
    out.maxMs = double(samplesNs.back()) / kNsPerMs;
    out.meanMs = double(std::accumulate(samplesNs.begin(), samplesNs.end(), std::int64_t(0))) /
                 double(samplesNs.size()) / kNsPerMs;
    return out;
}

CpuShare cpuShare(const ProbeSample &before, const ProbeSample &after, double seconds)
{
    CpuShare share;
    if (seconds <= 0)
        return share;
    const auto of = [seconds](std::int64_t ns) { return double(ns) / 1e9 / seconds; };
    share.node = of(after.nodeCpuNs - before.nodeCpuNs);
    share.client = of(after.clientCpuNs - before.clientCpuNs);
    share.other =
        std::max(0.0, of(after.processCpuNs - before.processCpuNs) - share.node - share.client);
    share.redis = of(after.redisCpuNs - before.redisCpuNs);
    return share;
}

std::optional<double> ratio(double a, double b)
{
    if (b == 0)
        return std::nullopt;
    return a / b;
}

} // namespace roomcast::bench
