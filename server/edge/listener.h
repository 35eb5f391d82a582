#pragma once

#include "gate.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>
#include <vector>

namespace roomcast::server::edge {

class Connection;
class Shard;

//! The node's port: accepts TCP connections itself (large listen backlog, TCP_NODELAY, no
//! pending-connection cap) and spreads them, as descriptors, over `threads` gates: the node
//! thread's own and one per worker shard (shard.h), round robin, before a byte is read. Each
//! gate checks the handshake on its thread (gate.h); an upgraded WebSocket reaches the node as
//! a Connection (webSocketConnected()), every HTTP request is served on the node's thread
//! (httpRequest(); a shard hands such a connection back whole).
class Listener : public QObject
{
    Q_OBJECT
public:
    using Options = EdgeOptions;
    Listener(const Options &options, QObject *parent = nullptr);
    ~Listener() override;

    bool listen(const QHostAddress &address, quint16 port);
    //! `--host` as an address: "localhost", a literal, or a name resolved once (null if none).
    static QHostAddress resolveHost(const QString &host);
    QString errorString() const;
    quint16 port() const;
    void close(); //!< stop accepting new connections
    int threads() const { return static_cast<int>(m_shards.size()) + 1; }

Q_SIGNALS:
    //! A WebSocket on `/ws` finished its upgrade; the receiver takes ownership of `connection`
    //! (it lives on this thread, whatever thread its socket is on).
    void webSocketConnected(Connection *connection);
    //! A request that is not a WebSocket upgrade on `/ws` (its head is readable, unread):
    //! the receiver reads and answers it. The socket stays the listener's child and is
    //! deleted once disconnected or at the handshake timeout. Without a receiver: 404.
    void httpRequest(QTcpSocket *socket);

private:
    class TcpServer;
    friend class Shard;
    void dispatch(qintptr descriptor);
    void onLocalUpgrade(QWebSocket *socket, QTcpSocket *tcp);

    Options m_options;
    TcpServer *m_tcp;
    Gate *m_gate; //!< the node thread's own
    std::vector<std::unique_ptr<Shard>> m_shards;
    //! Round robin over the node's gate (slot 0) and the shards; the first connection goes to
    //! a shard, so a node with one client already runs the threaded path.
    std::size_t m_next = 1;
};

} // namespace roomcast::server::edge
