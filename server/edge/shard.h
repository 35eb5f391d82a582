#pragma once

#include "gate.h"

#include <QByteArray>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace roomcast::server::edge {

class Listener;
class ShardLink;

//! What the node's thread and a shard both know of one connection, without a lock.
struct LinkState
{
    std::atomic<qint64> queued{0};   //!< bytes the node posted that the shard has not written
    std::atomic<qint64> buffered{0}; //!< bytes the shard's socket held unsent, last it looked
    std::atomic<int> closeCode{1000};
    std::atomic<bool> activityPending{false}; //!< an activity() is on its way to the node
};

//! Work for a shard, in the order it was posted: what the node asks of one connection, or a
//! descriptor the Listener accepted.
struct ShardOp
{
    enum class Kind : quint8 { Adopt, Send, Close, Abort, Ping, Release, Dismiss, Stop };
    explicit ShardOp(Kind kind, ShardLink *link = nullptr, QByteArray frame = {})
        : kind(kind), link(link), frame(std::move(frame))
    {}
    Kind kind = Kind::Send;
    ShardLink *link = nullptr;
    QByteArray frame;
    QString reason;
    qintptr descriptor = -1;
    int code = 0;
};

//! A shard's queue of ShardOps. It outlives the shard's thread: posts after the shard
//! stopped are dropped.
class ShardMailbox
{
public:
    explicit ShardMailbox(QObject *worker) : m_worker(worker) {}
    void post(ShardOp &&op);
    //! Takes everything posted so far (on the shard's thread).
    std::vector<ShardOp> take();
    //! The shard stops: nothing more is taken or woken.
    void close();

private:
    std::mutex m_mutex;
    QObject *m_worker; //!< woken with a posted event; null once closed
    std::vector<ShardOp> m_ops;
    bool m_wakePending = false;
};

//! A worker thread with a share of the node's connections (`--threads N` makes N-1 of them;
//! the node's own thread takes the first share). It runs its own event loop (EpollDispatcher)
//! and its own Gate and QWebSocketServer: the Listener hands it accepted descriptors before
//! any byte is read, and the whole handshake, frame checking, reading and writing of those
//! connections happen here. The node reaches each of them through a ShardConnection, whose
//! calls become ShardOps in this shard's mailbox, executed in order. A request that is not
//! a WebSocket upgrade goes back to the node's thread whole (the HTTP routes live there).
class Shard
{
public:
    Shard(int index, const EdgeOptions &options, Listener *home);
    ~Shard(); //!< stops the thread; its connections are dropped
    Shard(const Shard &) = delete;
    Shard &operator=(const Shard &) = delete;

    //! From the Listener: an accepted connection for this shard.
    void adopt(qintptr descriptor);

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker;
    std::shared_ptr<ShardMailbox> m_mailbox;
};

//! The event dispatcher for a new server thread (EpollDispatcher, or null for Qt's own when
//! ROOMCAST_EVENT_DISPATCHER=qt).
QAbstractEventDispatcher *createEventDispatcher();

} // namespace roomcast::server::edge
