#include "fsyncprobe.h"

#include "poller.h"
#include "stats.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace roomcast::loadgen {

bool runFsyncProbe(const FsyncOptions &o, FsyncResult &r, std::string &error)
{
    const std::string path = o.dir + "/roomcast-fsync-probe";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = "cannot create " + path + ": " + std::strerror(errno);
        return false;
    }
    const std::vector<char> block(std::size_t(o.bytes), 'r');
    std::vector<std::int64_t> samples;
    samples.reserve(std::size_t(o.samples));
    for (int i = 0; i < o.samples && error.empty(); ++i) {
        const std::int64_t t0 = nowNs();
        if (::write(fd, block.data(), block.size()) != ssize_t(block.size()) ||
            ::fdatasync(fd) != 0)
            error = path + ": " + std::strerror(errno);
        samples.push_back(nowNs() - t0);
    }
    ::close(fd);
    ::unlink(path.c_str());
    if (!error.empty())
        return false;
    r.p50Ms = nsToMs(percentile(samples, 0.50));
    r.p99Ms = nsToMs(percentile(samples, 0.99));
    r.maxMs = nsToMs(percentile(samples, 1.0));
    return true;
}

} // namespace roomcast::loadgen
