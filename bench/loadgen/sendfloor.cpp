#include "sendfloor.h"

#include "poller.h"
#include "protocol.h"
#include "stats.h"
#include "wsframe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace roomcast::loadgen {

namespace {

bool pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

double threadCpuSeconds()
{
    rusage u{};
    ::getrusage(RUSAGE_THREAD, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

//! A server text frame (RFC 6455 5.2, unmasked) of one W1-sized `message` with `seq`.
void appendMessage(std::string &out, std::uint64_t seq, const std::string &text)
{
    const std::string payload =
        R"({"type":"message","room":"bench","seq":)" + std::to_string(seq) +
        R"(,"ts":"2026-12-07T12:00:00.000Z","from":{"id":"u1","name":"u1"},"kind":"chat",)"
        R"("body":{"text":")" +
        text + R"("}})";
    out.push_back(char(0x81));
    if (payload.size() < 126) {
        out.push_back(char(payload.size()));
    } else {
        out.push_back(char(126));
        out.push_back(char(payload.size() >> 8));
        out.push_back(char(payload.size() & 0xff));
    }
    out += payload;
}

//! The reading side: every frame parsed and read as a subscriber reads a delivery.
class Reader
{
public:
    Reader(const std::vector<int> &fds, std::uint64_t perRound)
        : fds_(fds), perRound_(perRound), carry_(fds.size()), last_(fds.size(), 0)
    {
        targets_.reserve(fds.size()); // the poller keeps pointers to them
        for (std::size_t i = 0; i < fds.size(); ++i)
            poller_.add(fds[i], EPOLLIN, &targets_.emplace_back(this, i));
    }

    void run(int cpu, std::uint64_t expected)
    {
        pin(cpu);
        while (frames.load(std::memory_order_relaxed) < expected && error.empty())
            poller_.dispatch(1000);
    }

    std::atomic<std::uint64_t> frames{0};
    std::string error;
    std::vector<std::int64_t> samples; //!< paced rounds: round start -> each frame read

    //! Paced runs: when each measured round's send began (0 for the unmeasured ones).
    void timeRounds(const std::vector<std::atomic<std::int64_t>> *started, int framesPerRound)
    {
        started_ = started;
        framesPerRound_ = std::uint64_t(framesPerRound);
    }

private:
    struct Target final : PollTarget
    {
        Target(Reader *r, std::size_t i) : reader(r), index(i) {}
        void onEvents(std::uint32_t) override { reader->read(index); }
        Reader *reader;
        std::size_t index;
    };

    void read(std::size_t i)
    {
        char chunk[65536];
        const ssize_t n = ::recv(fds_[i], chunk, sizeof chunk, 0);
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EINTR))
                error = "subscriber socket closed";
            return;
        }
        std::string &buf = carry_[i];
        buf.append(chunk, std::size_t(n));
        std::size_t at = 0, consumed = 0;
        std::uint64_t got = 0;
        ServerFrame frame;
        std::string why;
        while (at < buf.size()) {
            const auto status =
                parseServerFrame(std::string_view(buf).substr(at), frame, consumed, why);
            if (status == ParseStatus::NeedMore)
                break;
            const auto seq = status == ParseStatus::Frame && frameType(frame.payload) == "message"
                                 ? uintField(frame.payload, "\"seq\":")
                                 : std::nullopt;
            if (!seq || *seq != last_[i] + 1) {
                error = "frame out of order or unreadable";
                return;
            }
            last_[i] = *seq;
            if (started_) {
                const std::uint64_t k = (*seq - 1) / framesPerRound_;
                if (k < started_->size() && (*started_)[k].load(std::memory_order_acquire) > 0)
                    samples.push_back(nowNs() - (*started_)[k].load(std::memory_order_relaxed));
            }
            at += consumed;
            ++got;
        }
        buf.erase(0, at);
        // Wake the sender only when a round is complete, as the last delivery of a window
        // is what lets W1's publisher send the next.
        const std::uint64_t before = frames.fetch_add(got, std::memory_order_release);
        if (got && (before + got) / perRound_ != before / perRound_)
            frames.notify_one();
    }

    const std::vector<int> &fds_;
    const std::uint64_t perRound_;
    const std::vector<std::atomic<std::int64_t>> *started_ = nullptr;
    std::uint64_t framesPerRound_ = 1;
    std::vector<std::string> carry_;
    std::vector<std::uint64_t> last_;
    std::vector<Target> targets_;
    Poller poller_;
};

bool connectPairs(int count, std::vector<int> &senders, std::vector<int> &readers,
                  std::string &error)
{
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
        ::listen(listener, 4096) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        error = std::string("loopback listener: ") + std::strerror(errno);
        return false;
    }
    const int one = 1;
    for (int i = 0; i < count && error.empty(); ++i) {
        const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c < 0 || ::connect(c, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            error = std::string("connect: ") + std::strerror(errno);
            break;
        }
        const int s = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (s < 0) {
            error = std::string("accept: ") + std::strerror(errno);
            break;
        }
        ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(c, F_SETFL, O_NONBLOCK);
        senders.push_back(s);
        readers.push_back(c);
    }
    ::close(listener);
    return error.empty();
}

} // namespace

bool runSendFloor(const SendFloorOptions &o, SendFloorResult &r, std::string &error)
{
    std::vector<int> senders, readers;
    const bool connected = connectPairs(o.subscribers, senders, readers, error);
    const auto closeAll = [&] {
        for (int fd : senders)
            ::close(fd);
        for (int fd : readers)
            ::close(fd);
    };
    if (!connected) {
        closeAll();
        return false;
    }
    const int rounds = o.warmup + o.rounds;
    const std::uint64_t perRound = std::uint64_t(o.frames) * std::uint64_t(o.subscribers);
    Reader reader(readers, perRound);
    const auto roundCount = static_cast<std::size_t>(rounds);
    std::vector<std::atomic<std::int64_t>> started(roundCount);
    if (o.rate > 0) {
        reader.samples.reserve(std::size_t(o.rounds) * perRound);
        reader.timeRounds(&started, o.frames);
    }
    std::thread readThread([&] { reader.run(o.readerCpu, perRound * std::uint64_t(rounds)); });
    pin(o.senderCpu);

    const std::string text(std::size_t(std::max(1, o.bodyBytes)), 'x');
    std::string round;
    std::uint64_t seq = 0;
    std::int64_t t0 = 0;
    double cpu0 = 0;
    for (int k = 0; k < rounds && error.empty(); ++k) {
        // Wait for the round before this one to be read in full (W1's window as one group).
        const std::uint64_t need = perRound * std::uint64_t(k);
        for (std::uint64_t seen = reader.frames.load(std::memory_order_acquire);
             seen < need && reader.error.empty();
             seen = reader.frames.load(std::memory_order_acquire))
            reader.frames.wait(seen, std::memory_order_acquire);
        if (k == o.warmup) {
            t0 = nowNs();
            cpu0 = threadCpuSeconds();
        }
        if (o.rate > 0) {
            // Paced, as W1-fixed publishes: the round starts on its own schedule.
            const std::int64_t due = t0 + std::int64_t(double(k - o.warmup) * 1e9 / o.rate);
            while (k >= o.warmup && nowNs() < due)
                std::this_thread::sleep_for(std::chrono::nanoseconds(due - nowNs()));
            if (k >= o.warmup)
                started[std::size_t(k)].store(nowNs(), std::memory_order_release);
        }
        // Built once per round, as a pre-framed broadcast is built once per publish.
        round.clear();
        for (int f = 0; f < o.frames; ++f)
            appendMessage(round, ++seq, text);
        for (int fd : senders) {
            if (::send(fd, round.data(), round.size(), MSG_NOSIGNAL) != ssize_t(round.size())) {
                error = std::string("send: ") + std::strerror(errno);
                break;
            }
        }
    }
    readThread.join();
    const std::int64_t elapsed = nowNs() - t0;
    const double cpu = threadCpuSeconds() - cpu0;
    closeAll();
    if (error.empty())
        error = reader.error;
    if (!error.empty())
        return false;
    const double deliveries = double(perRound) * o.rounds;
    r.deliveriesPerS = deliveries / (double(elapsed) / 1e9);
    r.usPerDelivery = double(elapsed) / 1e3 / deliveries;
    r.usPerSend = double(elapsed) / 1e3 / (double(o.subscribers) * o.rounds);
    r.senderCpuPct = 100 * cpu / (double(elapsed) / 1e9);
    r.framesChecked = reader.frames.load();
    if (!reader.samples.empty()) {
        r.pacedP50Ms = nsToMs(percentile(reader.samples, 0.50));
        r.pacedP99Ms = nsToMs(percentile(reader.samples, 0.99));
    }
    return true;
}

} // namespace roomcast::loadgen
