#pragma once

// A thin epoll(7) loop, level-triggered. Targets are owned elsewhere and must outlive their
// registration; nothing is deleted while events are dispatched.

#include <cstdint>

namespace roomcast::loadgen {

class PollTarget
{
public:
    virtual ~PollTarget() = default;
    virtual void onEvents(std::uint32_t events) = 0;
};

class Poller
{
public:
    Poller();
    ~Poller();
    Poller(const Poller &) = delete;
    Poller &operator=(const Poller &) = delete;

    void add(int fd, std::uint32_t events, PollTarget *target);
    void modify(int fd, std::uint32_t events, PollTarget *target);
    void remove(int fd);

    //! Waits up to `timeoutMs` (-1: forever) and dispatches what is ready; returns the count.
    int dispatch(int timeoutMs);

private:
    int epfd_ = -1;
};

//! Monotonic time in nanoseconds (one clock for every timestamp of the load generator).
std::int64_t nowNs();

} // namespace roomcast::loadgen
