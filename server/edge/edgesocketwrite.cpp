// EdgeSocket, the write side: a pass's writes gathered and sent with one sendmsg() at its end.
#include "edgesocket.h"

#include "sendbatch.h"

#include <QMetaMethod>

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>
#include <utility>
#include <vector>

namespace roomcast::server::edge {

namespace {
//! Pieces one sendmsg() takes; a socket with more this pass sends them in several calls.
constexpr int kMaxIov = 64;
//! The piece list a thread keeps between passes (its peak use, up to this many pieces).
constexpr std::size_t kKeptPieces = 16384;
//! Sockets a pass must have written to before their first sends go out as one batch.
constexpr std::size_t kMinBatch = 2;
} // namespace

//! What this thread's sockets wrote during the current event-loop pass, sent once at its end.
//! The pieces are the written byte arrays themselves (a broadcast frame is one implicitly
//! shared QByteArray for every recipient: nothing is copied or allocated per recipient),
//! chained per socket through `next`. Owned by the thread, not by the sockets, so a socket
//! holds no write buffer between passes.
struct PendingFlusher
{
    struct Piece
    {
        QByteArray bytes;
        int next = -1;
    };
    //! A socket's first sendmsg() of the pass, made in a SendBatch with the others'.
    struct BatchedSend
    {
        msghdr msg{};
        std::int64_t result = EdgeSocket::kNotBatched;
        qint64 bytes = 0;
    };
    QObject context;
    std::vector<Piece> pieces;
    std::vector<EdgeSocket *> dirty; //!< null where a socket left before the flush
    std::vector<BatchedSend> sends;  //!< by place in `dirty`
    std::vector<iovec> iovs;         //!< what `sends` point into
    bool scheduled = false;

    static PendingFlusher &instance()
    {
        static thread_local PendingFlusher flusher;
        return flusher;
    }
    void append(EdgeSocket *socket, QByteArray bytes)
    {
        const int at = static_cast<int>(pieces.size());
        socket->m_pendingBytes += bytes.size();
        pieces.push_back({std::move(bytes), -1});
        if (socket->m_tail >= 0) {
            pieces[std::size_t(socket->m_tail)].next = at;
            socket->m_tail = at;
            return;
        }
        socket->m_head = socket->m_tail = at;
        socket->m_dirtyIndex = static_cast<int>(dirty.size());
        dirty.push_back(socket);
        if (scheduled)
            return;
        scheduled = true;
        QMetaObject::invokeMethod(
            &context, [this] { flushAll(); }, Qt::QueuedConnection);
    }
    void forget(EdgeSocket *socket)
    {
        if (socket->m_dirtyIndex >= 0)
            dirty[std::size_t(socket->m_dirtyIndex)] = nullptr;
        for (int i = socket->m_head; i >= 0; i = pieces[std::size_t(i)].next)
            pieces[std::size_t(i)].bytes = QByteArray();
        socket->m_head = socket->m_tail = socket->m_dirtyIndex = -1;
        socket->m_pendingBytes = 0;
    }
    //! Every listed socket's first sendmsg() at once; results in `sends`. No code but the
    //! kernel's runs meanwhile, so the list and the pieces stay as they are.
    std::size_t sendFirstInBatch(SendBatch &batch)
    {
        const std::size_t count = dirty.size();
        sends.assign(count, BatchedSend{});
        iovs.resize(pieces.size()); // each piece is in one chain: enough, and never moved
        std::size_t at = 0;
        for (std::size_t i = 0; i < count; ++i) {
            EdgeSocket *socket = dirty[i];
            const int fd = socket ? socket->directDescriptor() : -1;
            if (fd < 0)
                continue;
            BatchedSend &send = sends[i];
            const int taken = socket->gather(socket->m_head, &iovs[at], &send.bytes);
            send.msg.msg_iov = &iovs[at];
            send.msg.msg_iovlen = std::size_t(taken);
            at += std::size_t(taken);
            batch.add(fd, &send.msg, &send.result);
        }
        batch.finish();
        return count;
    }
    void flushAll()
    {
        SendBatch *batch = dirty.size() >= kMinBatch ? SendBatch::forThisThread() : nullptr;
        const std::size_t batched = batch ? sendFirstInBatch(*batch) : 0;
        // Sockets written while this runs (a bytesWritten receiver) join the list and are
        // flushed in the same loop; `scheduled` stays set until it ends.
        for (std::size_t i = 0; i < dirty.size(); ++i) {
            if (EdgeSocket *socket = dirty[i]) {
                if (i < batched)
                    socket->flushPending(sends[i].result, sends[i].bytes);
                else
                    socket->flushPending();
            }
        }
        dirty.clear();
        pieces.clear();
        if (pieces.capacity() > kKeptPieces) {
            pieces.shrink_to_fit();
            iovs = {};
        }
        if (sends.capacity() > kKeptPieces)
            sends = {};
        scheduled = false;
    }
};

qint64 EdgeSocket::writeData(const char *data, qint64 size)
{
    if (m_writesClosed)
        return size; // after the close frame (or close()) nothing else goes out
    if (socketDescriptor() < 0) {
        m_qtBuffered = true;
        return QTcpSocket::writeData(data, size); // let Qt report the error
    }
    if (size > 0)
        PendingFlusher::instance().append(this, QByteArray(data, size));
    return size;
}

void EdgeSocket::writeShared(const QByteArray &frame)
{
    if (m_writesClosed || frame.isEmpty())
        return;
    // No descriptor check per frame: a socket that lost its descriptor meanwhile hands the
    // pass's pieces to Qt at the flush, which reports the error as a write would.
    PendingFlusher::instance().append(this, frame);
}

qint64 EdgeSocket::bytesToWrite() const
{
    // Qt's buffer holds bytes only after the kernel refused some (flushPending); until then
    // its size is not looked up (another object's memory, per recipient of a broadcast).
    if (m_qtBuffered && QTcpSocket::bytesToWrite() == 0)
        m_qtBuffered = false;
    return m_pendingBytes + (m_qtBuffered ? QTcpSocket::bytesToWrite() : 0);
}

void EdgeSocket::dropPending()
{
    if (m_head >= 0 || m_dirtyIndex >= 0)
        PendingFlusher::instance().forget(this);
}

int EdgeSocket::directDescriptor() const
{
    if (m_qtBuffered && QTcpSocket::bytesToWrite() > 0)
        return -1; // Qt's buffer goes first
    const int fd = static_cast<int>(socketDescriptor());
    return fd >= 0 && state() == ConnectedState ? fd : -1;
}

int EdgeSocket::gather(int piece, iovec *iov, qint64 *bytes) const
{
    const PendingFlusher &flusher = PendingFlusher::instance();
    int count = 0;
    *bytes = 0;
    for (; piece >= 0 && count < kMaxIov; piece = flusher.pieces[std::size_t(piece)].next) {
        const QByteArray &data = flusher.pieces[std::size_t(piece)].bytes;
        iov[count].iov_base = const_cast<char *>(data.constData());
        iov[count].iov_len = std::size_t(data.size());
        *bytes += data.size();
        ++count;
    }
    return count;
}

void EdgeSocket::flushPending(std::int64_t batched, qint64 batchedBytes)
{
    if (m_head < 0) {
        dropPending();
        return;
    }
    PendingFlusher &flusher = PendingFlusher::instance();
    // A batch already made the first send: its bytes are gone whatever happened since.
    std::int64_t n = batched;
    qint64 batch = batchedBytes;
    // Asked only for a send of its own: a batched socket that the batch emptied never is.
    int fd = -2;
    qint64 sent = 0;
    int piece = m_head;
    qsizetype offset = 0; // into `piece`, of what the kernel took
    while (piece >= 0) {
        if (n == kNotBatched) {
            if (fd == -2)
                fd = directDescriptor();
            if (fd < 0)
                break;
            iovec iov[kMaxIov];
            msghdr msg{};
            msg.msg_iov = iov;
            msg.msg_iovlen = std::size_t(gather(piece, iov, &batch));
            do {
                n = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
            } while (n < 0 && errno == EINTR);
        }
        if (n <= 0)
            break; // EAGAIN or an error: Qt's buffer takes the rest (and reports errors)
        sent += n;
        // Step over the pieces the kernel took whole.
        std::int64_t taken = n;
        while (piece >= 0) {
            const qsizetype size = flusher.pieces[std::size_t(piece)].bytes.size();
            if (taken < size) {
                offset = qsizetype(taken);
                break;
            }
            taken -= size;
            flusher.pieces[std::size_t(piece)].bytes = QByteArray();
            piece = flusher.pieces[std::size_t(piece)].next;
        }
        if (n < batch)
            break; // the kernel's buffer is full
        n = kNotBatched;
    }
    for (; piece >= 0; piece = flusher.pieces[std::size_t(piece)].next) {
        // Taken out first: nothing refers into `pieces` while Qt runs.
        const QByteArray bytes = std::exchange(flusher.pieces[std::size_t(piece)].bytes, {});
        m_qtBuffered = true;
        QTcpSocket::writeData(bytes.constData() + offset, bytes.size() - offset);
        offset = 0;
    }
    flusher.forget(this);
    if (sent > 0 && m_bytesWrittenReceivers != 0)
        Q_EMIT bytesWritten(sent);
}

void EdgeSocket::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&QIODevice::bytesWritten))
        ++m_bytesWrittenReceivers;
    QTcpSocket::connectNotify(signal);
}

void EdgeSocket::disconnectNotify(const QMetaMethod &signal)
{
    // An invalid method is a disconnect of everything: keep emitting, to be safe.
    if (signal == QMetaMethod::fromSignal(&QIODevice::bytesWritten) && m_bytesWrittenReceivers > 0)
        --m_bytesWrittenReceivers;
    QTcpSocket::disconnectNotify(signal);
}

} // namespace roomcast::server::edge
