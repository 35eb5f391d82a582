#include "poller.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace roomcast::loadgen {

namespace {

[[noreturn]] void fatal(const char *what)
{
    std::fprintf(stderr, "roomcast-loadgen: %s: %s\n", what, std::strerror(errno));
    std::exit(2);
}

void control(int epfd, int op, int fd, std::uint32_t events, PollTarget *target)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = target;
    if (epoll_ctl(epfd, op, fd, &ev) != 0)
        fatal("epoll_ctl");
}

} // namespace

Poller::Poller() : epfd_(epoll_create1(EPOLL_CLOEXEC))
{
    if (epfd_ < 0)
        fatal("epoll_create1");
}

Poller::~Poller()
{
    ::close(epfd_);
}

void Poller::add(int fd, std::uint32_t events, PollTarget *target)
{
    control(epfd_, EPOLL_CTL_ADD, fd, events, target);
}

void Poller::modify(int fd, std::uint32_t events, PollTarget *target)
{
    control(epfd_, EPOLL_CTL_MOD, fd, events, target);
}

void Poller::remove(int fd)
{
    epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr); // the fd may already be gone: ignore
}

int Poller::dispatch(int timeoutMs)
{
    constexpr int kMax = 512;
    epoll_event events[kMax];
    const int n = epoll_wait(epfd_, events, kMax, timeoutMs);
    if (n < 0) {
        if (errno == EINTR)
            return 0;
        fatal("epoll_wait");
    }
    for (int i = 0; i < n; ++i)
        static_cast<PollTarget *>(events[i].data.ptr)->onEvents(events[i].events);
    return n;
}

std::int64_t nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace roomcast::loadgen
