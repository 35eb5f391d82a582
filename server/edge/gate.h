#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

class QHostAddress;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace roomcast::server::edge {

class EdgeSocket;

//! What every thread's Gate checks connections against.
struct EdgeOptions
{
    int backlog = 4096;
    int handshakeTimeoutMs = 10000;
    int maxHeadBytes = 16384;
    bool webSocket = true; //!< false: an HTTP-only port (--http-port), /ws is not upgraded
    quint64 maxMessageBytes = 65536; //!< --max-frame-bytes: larger messages close with 1009
    int threads = 1; //!< --threads: connections spread over this many threads (shard.h)
};

//! One thread's way in: takes accepted descriptors into EdgeSockets and reads the request head
//! before anyone else. Requests for `/ws` are checked against RFC 6455 / RFC 7230
//! (checkUpgrade) and only a valid upgrade reaches this thread's
//! QWebSocketServer::handleConnection(); every other path is an HTTP request. A client that
//! has not finished its handshake by the handshake timeout gets 408 (handleConnection() arms
//! no timeout); for HTTP the timeout bounds the exchange. The node's thread has one (in the
//! Listener), every worker shard one of its own.
class Gate : public QObject
{
    Q_OBJECT
public:
    Gate(const EdgeOptions &options, QObject *parent = nullptr);
    ~Gate() override;

    //! Takes over an accepted descriptor; `received` are bytes of it already read elsewhere
    //! (a request a shard handed back).
    void adopt(qintptr descriptor, const QByteArray &received = {});

    //! Where HTTP requests go: the handler reads and answers the request (its head is
    //! readable, unread) and returns true, or false when nobody serves HTTP here (then: 404,
    //! 405 for other methods, 431 for an oversized head). The socket stays the gate's child
    //! and is deleted once disconnected or at the handshake timeout.
    std::function<bool(EdgeSocket *)> httpRoute;
    //! Set on a shard: a request that is not an upgrade leaves this thread whole, before
    //! anything of it was read (the node thread's gate serves HTTP).
    std::function<void(EdgeSocket *)> handBack;

Q_SIGNALS:
    //! A WebSocket on `/ws` finished its upgrade; the receiver takes ownership of `socket`.
    //! `tcp` is the socket under it (may be null). Frames that came with the handshake become
    //! readable when control returns here.
    void upgraded(QWebSocket *socket, QTcpSocket *tcp);

private:
    void watch(EdgeSocket *socket);
    void onHandshakeDeadlines();
    void handshakeExpired(EdgeSocket *socket);
    void inspectHead(EdgeSocket *socket);
    void upgrade(EdgeSocket *socket, qsizetype headBytes);
    void onUpgraded();
    static QString peerKey(const QHostAddress &address, quint16 port);

    EdgeOptions m_options;
    QWebSocketServer *m_ws;
    QHash<QString, QPointer<EdgeSocket>> m_handed; //!< handed to m_ws, not yet upgraded
    //! Every socket's handshake deadline, in arrival order (one timeout for all): one timer
    //! for the gate instead of one per connection, which would outlive the upgrade.
    struct Deadline
    {
        qint64 dueMs;
        QPointer<EdgeSocket> socket;
    };
    std::deque<Deadline> m_deadlines;
    QTimer m_deadlineTimer;
    QElapsedTimer m_clock;
};

} // namespace roomcast::server::edge
