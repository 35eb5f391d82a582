#pragma once

#include "framechecker.h"

#include <QByteArray>
#include <QTcpSocket>

#include <cstdint>
#include <limits>
#include <memory>

class QTimer;
struct iovec;

namespace roomcast::server::edge {

//! The TCP socket under every connection, and the layer that makes the edge strict. It takes
//! every byte Qt reads from the kernel before anyone else (the first readyRead receiver) and
//! is open Unbuffered, so whoever reads it (the Listener, the HTTP routes, QWebSocketServer,
//! then QWebSocket) gets only what readData() lets through:
//!
//! - **Head**: nothing is readable; the Listener inspects received() until the head is whole.
//! - **Raw** (HTTP routes): every byte, as it arrives.
//! - **Frames** (`/ws`): the checked request head, then only frames the FrameChecker passed.
//!   At a violation, the frames before it are read first, then the close frame with the RFC's
//!   code goes out and nothing else does (QWebSocket's later writes are dropped).
//!
//! Every close() and disconnectFromHost() is a lingering close: once the last byte is
//! written, the write side is shut (FIN after the close frame) and input is read and dropped
//! until the peer closes or kLingerMs pass, so unread input never turns the close into a TCP
//! reset that destroys the close frame in flight. abort() still cuts at once.
//! Read from Qt 6.4.2's qabstractsocket.cpp: setSocketDescriptor() keeps QAbstractSocket
//! reading into its own buffer whatever the open mode, and abort() calls the virtual close()
//! after dropping the write channel (writeChannelCount() == 0 tells the two apart).
//!
//! Writes are gathered for one event-loop pass (a broadcast writes many frames to a socket)
//! and sent with one sendmsg() at its end, the frames themselves as its pieces, so an idle
//! connection holds no write buffer: Qt's buffer is used only while the kernel's is full.
class EdgeSocket : public QTcpSocket
{
    Q_OBJECT
public:
    static constexpr int kLingerMs = 2000;
    //! flushPending(): no batch sent for this socket.
    static constexpr std::int64_t kNotBatched = std::numeric_limits<std::int64_t>::min();

    explicit EdgeSocket(QObject *parent = nullptr);
    ~EdgeSocket() override;

    //! Takes over an accepted descriptor (unbuffered, TCP_NODELAY); false if Qt refuses it.
    //! `received`: bytes of it already read (they come first in received()).
    bool adopt(qintptr descriptor, const QByteArray &received = {});

    //! Head stage: every byte received so far (nothing of it is readable yet).
    QByteArrayView received() const { return m_in; }
    //! The HTTP routes take over: what was received and everything after it is readable.
    void startRaw();
    //! A checked upgrade: `head` replaces the first `rawHeadBytes` received, and every byte
    //! after them must pass a FrameChecker with this message limit before it is readable.
    void startFrames(const QByteArray &head, qsizetype rawHeadBytes, quint64 maxMessageBytes);
    //! The upgrade is done and QWebSocket reads: frames checked meanwhile become readable
    //! (announced with a queued readyRead).
    void openFrames();

    //! The Gate's marks (plain members: a dynamic property costs every connection its own
    //! QObject extra data). Inspected: its request head was read. Handed: an upgrade or a
    //! stream owns it now, and the handshake deadline leaves it alone.
    bool inspected() const { return m_inspected; }
    void markInspected() { m_inspected = true; }
    bool handed() const { return m_handed; }
    void markHanded() { m_handed = true; }
    //! `*slot` is set to null when this socket is destroyed (one holder at a time; null to
    //! stop): what a QPointer gives, without a shared weak reference to look up per write.
    void watchLifetime(EdgeSocket **slot) { m_watcher = slot; }

    //! Queues a pre-built frame as it is (implicitly shared: one copy of a broadcast frame
    //! serves every recipient); it goes out with this pass's other writes, in order.
    void writeShared(const QByteArray &frame);

    qint64 bytesAvailable() const override;
    //! Qt's write buffer plus what waits for the end of this event-loop pass.
    qint64 bytesToWrite() const override;
    void close() override;
    void disconnectFromHost() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;
    //! Counts bytesWritten's receivers: a flush emits it only when someone listens.
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    enum class Stage { Head, Raw, Frames, Closing };
    void pump();
    void accept(QByteArrayView bytes);
    void kick();
    void releaseQtReadChunk();
    void closeForViolation();
    void shutWriteWhenFlushed();
    //! Writes what this pass queued with one sendmsg() (`batched`: the result of the one a
    //! SendBatch made already, for `batchedBytes`); only what the kernel does not take goes
    //! to Qt's write buffer (which keeps a 32 KiB block per socket once used).
    void flushPending(std::int64_t batched = kNotBatched, qint64 batchedBytes = 0);
    //! The descriptor to send to directly, or -1 (not connected, or Qt's buffer holds bytes).
    int directDescriptor() const;
    //! Up to one sendmsg()'s worth of the chain from `piece` as `iov`; their count.
    int gather(int piece, iovec *iov, qint64 *bytes) const;
    void dropPending();
    friend struct PendingFlusher;

    Stage m_stage = Stage::Head;
    QByteArray m_in;  //!< head stage: the bytes received so far
    QByteArray m_out; //!< readable bytes not read yet, from m_outPos
    qsizetype m_outPos = 0;
    QByteArray m_gated; //!< checked frames that arrived before the upgrade was done
    // What this pass wrote, sent at its end: a chain of the thread's PendingFlusher pieces.
    int m_head = -1;
    int m_tail = -1;
    int m_dirtyIndex = -1; //!< its place in the flusher's list, while listed
    qint64 m_pendingBytes = 0;
    mutable bool m_qtBuffered = false; //!< Qt's write buffer may hold bytes (the kernel's was full)
    int m_bytesWrittenReceivers = 0;
    std::unique_ptr<FrameChecker> m_checker;
    bool m_framesOpen = false;
    bool m_violationQueued = false;
    bool m_writesClosed = false; //!< after our close frame nothing else may be sent
    bool m_writeShut = false;
    bool m_inspected = false;
    bool m_handed = false;
    EdgeSocket **m_watcher = nullptr;
};

} // namespace roomcast::server::edge
