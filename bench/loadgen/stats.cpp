#include "stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace roomcast::loadgen {

std::int64_t percentile(std::vector<std::int64_t> &samples, double q)
{
    if (samples.empty())
        return 0;
    const double rank = std::ceil(q * double(samples.size()));
    const std::size_t index = std::min(samples.size() - 1, std::size_t(std::max(1.0, rank)) - 1);
    std::nth_element(samples.begin(), samples.begin() + std::ptrdiff_t(index), samples.end());
    return samples[index];
}

long residentKb(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.compare(0, 6, "VmRSS:") == 0)
            return std::stol(line.substr(6)); // "VmRSS:    12345 kB"
    }
    return -1;
}

double cpuSeconds(pid_t pid)
{
    // /proc/PID/task/TID/schedstat starts with the thread's time on a CPU in nanoseconds,
    // far finer than the clock ticks of /proc/PID/stat. Threads already gone are not counted.
    std::error_code ec;
    std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
    if (ec)
        return -1;
    double ns = 0;
    for (const auto &task : tasks) {
        std::ifstream schedstat(task.path() / "schedstat");
        double run = 0;
        if (schedstat >> run)
            ns += run;
    }
    return ns / 1e9;
}

double selfCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void CpuMeter::start(pid_t serverPid, std::int64_t nowNs)
{
    pid = serverPid;
    t0 = nowNs;
    server0 = pid > 0 ? cpuSeconds(pid) : -1;
    self0 = selfCpuSeconds();
}

void CpuMeter::stop(std::int64_t nowNs)
{
    const double wall = double(nowNs - t0) / 1e9;
    if (wall <= 0)
        return;
    selfPct = 100 * (selfCpuSeconds() - self0) / wall;
    if (pid > 0 && server0 >= 0) {
        const double server1 = cpuSeconds(pid);
        if (server1 >= 0)
            serverPct = 100 * (server1 - server0) / wall;
    }
}

} // namespace roomcast::loadgen
