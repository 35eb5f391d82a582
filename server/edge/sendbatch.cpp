#include "sendbatch.h"

#include "logging.h"

#include <QByteArray>

#include <liburing.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>

namespace roomcast::server::edge {

namespace {
//! Sends per submission: also the completion queue's half, so it never overflows.
constexpr unsigned kEntries = 1024;

bool wanted()
{
    return qgetenv("ROOMCAST_IO_URING") != "off";
}

//! Said once per process, by the first thread that asks.
void reportOnce(const char *what, int error = 0)
{
    static std::atomic<bool> reported{false};
    if (reported.exchange(true))
        return;
    if (error == 0)
        qCInfo(lcEdge) << what;
    else
        qCInfo(lcEdge) << what << std::strerror(error);
}
} // namespace

struct SendBatch::Ring
{
    io_uring ring{};
    bool open = false;
    ~Ring()
    {
        if (open)
            io_uring_queue_exit(&ring);
    }
};

SendBatch::SendBatch(std::unique_ptr<Ring> ring) : m_ring(std::move(ring)) {}

SendBatch::~SendBatch() = default;

SendBatch *SendBatch::forThisThread()
{
    struct Holder
    {
        std::unique_ptr<SendBatch> batch;
        bool tried = false;
    };
    static thread_local Holder holder;
    if (holder.tried)
        return holder.batch.get();
    holder.tried = true;
    if (!wanted()) {
        reportOnce("ROOMCAST_IO_URING=off: one sendmsg() per socket at the end of a pass");
        return nullptr;
    }
    auto ring = std::make_unique<Ring>();
    io_uring_params params{};
    // One thread submits and reaps; completions are only wanted when it asks for them.
    params.flags = IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN |
                   IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    int status = io_uring_queue_init_params(kEntries, &ring->ring, &params);
    // A kernel older than 6.1, then than 5.18, lacks some of the flags: fewer of them. (Without
    // SUBMIT_ALL a send refused at submission stops the rest; complete() submits them again.)
    for (const unsigned fewer : {unsigned(IORING_SETUP_SUBMIT_ALL), 0u}) {
        if (status != -EINVAL)
            break;
        params = {};
        params.flags = fewer;
        status = io_uring_queue_init_params(kEntries, &ring->ring, &params);
    }
    if (status < 0) {
        reportOnce("io_uring unavailable, one sendmsg() per socket at the end of a pass:", -status);
        return nullptr;
    }
    ring->open = true;
    reportOnce("sends at the end of a pass go out in io_uring batches");
    holder.batch.reset(new SendBatch(std::move(ring)));
    return holder.batch.get();
}

void SendBatch::add(int fd, const msghdr *msg, std::int64_t *result)
{
    io_uring_sqe *sqe = io_uring_get_sqe(&m_ring->ring);
    if (!sqe) {
        complete(m_queued); // the queue is full: send those first
        sqe = io_uring_get_sqe(&m_ring->ring);
    }
    io_uring_prep_sendmsg(sqe, fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    io_uring_sqe_set_data(sqe, result);
    ++m_queued;
    ++m_sends;
}

void SendBatch::finish()
{
    if (m_queued > 0)
        complete(m_queued);
}

void SendBatch::complete(unsigned wanted)
{
    unsigned reaped = 0;
    while (reaped < wanted) {
        // Submits whatever the kernel has not taken yet, also after an interrupted call.
        const int status = io_uring_submit_and_wait(&m_ring->ring, wanted - reaped);
        if (status < 0 && status != -EINTR && status != -EAGAIN && status != -EBUSY) {
            // The kernel may still hold the queued buffers: going on would hand them out.
            qCCritical(lcEdge) << "io_uring_enter failed:" << std::strerror(-status);
            std::abort();
        }
        io_uring_cqe *cqe = nullptr;
        unsigned head = 0;
        unsigned seen = 0;
        io_uring_for_each_cqe(&m_ring->ring, head, cqe)
        {
            *static_cast<std::int64_t *>(io_uring_cqe_get_data(cqe)) = cqe->res;
            ++seen;
        }
        io_uring_cq_advance(&m_ring->ring, seen);
        reaped += seen;
    }
    m_queued = 0;
}

} // namespace roomcast::server::edge
