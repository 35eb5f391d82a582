#pragma once

#include <cstdint>
#include <memory>

struct msghdr;

namespace roomcast::server::edge {

//! Many sockets' `sendmsg()` calls made with one system call: the end of an event-loop pass
//! writes to every socket a broadcast reached, and on a virtual machine the system call's own
//! entry and exit cost as much as the loopback TCP work behind it (bench/README.md). Built on
//! io_uring; each send is `sendmsg(fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT)` issued at once, so
//! a full socket answers `-EAGAIN` and nothing waits. Where io_uring is missing or refused
//! (an old kernel, a container's seccomp filter, `kernel.io_uring_disabled`), or
//! `ROOMCAST_IO_URING=off` is set, forThisThread() is null and callers send one by one.
class SendBatch
{
public:
    //! This thread's batch (made on first use), or null when batches are not available.
    static SendBatch *forThisThread();
    ~SendBatch();

    //! Queues a send; `*result` gets what sendmsg() would return (negative: -errno) by the
    //! end of finish(). `msg` and what it points to must stay valid until then.
    void add(int fd, const msghdr *msg, std::int64_t *result);
    //! Sends what is queued and waits until every result is in (sends never block).
    void finish();
    //! Sends added on this thread so far.
    std::uint64_t sends() const { return m_sends; }

private:
    struct Ring;
    explicit SendBatch(std::unique_ptr<Ring> ring);
    void complete(unsigned wanted);

    std::unique_ptr<Ring> m_ring;
    unsigned m_queued = 0; //!< added since the last complete()
    std::uint64_t m_sends = 0;
};

} // namespace roomcast::server::edge
