#pragma once

#include "connection.h"
#include "shard.h"

#include <QObject>

#include <QTcpSocket>

#include <memory>

class QWebSocket;

namespace roomcast::server::edge {

//! The node's side of a connection that lives on a shard: every call is posted to the
//! shard's mailbox (frames as they are: one implicitly shared QByteArray, however many
//! connections and shards it goes to), every signal arrives queued from the shard's socket.
//! Whether the peer keeps up is judged from LinkState: what was posted and not written, plus
//! what the shard's socket last held unsent.
class ShardConnection final : public QObject, public Connection
{
    Q_OBJECT
public:
    ShardConnection(std::shared_ptr<ShardMailbox> mailbox, ShardLink *link,
                    std::shared_ptr<LinkState> state);
    ~ShardConnection() override;

    bool send(const QByteArray &frame, qint64 maxBuffered) override;
    qint64 bytesToWrite() const override;
    void close(int code, const QString &reason) override;
    void abort() override;
    void ping() override;
    int closeCode() const override;
    void release() override;

    // What the shard's socket said, queued to this thread.
    void onText(const QString &text) { fire(Event::Text, &text); }
    void onBinary() { fire(Event::Binary); }
    void onAboutToClose() { fire(Event::AboutToClose); }
    void onDisconnected() { fire(Event::Disconnected); }
    void onActive(); //!< a sign of life

private:
    void post(ShardOp::Kind kind, int code = 0, const QString &reason = {});

    std::shared_ptr<ShardMailbox> m_mailbox;
    ShardLink *m_link; //!< the shard's side; never touched on this thread
    std::shared_ptr<LinkState> m_state;
};

class EdgeSocket;

//! The shard's side of one connection: its QWebSocket and the TCP socket under it (null, or
//! not an EdgeSocket: frames then go through QWebSocket::sendTextMessage()).
class ShardLink : public QObject
{
    Q_OBJECT
public:
    ShardLink(QWebSocket *socket, QTcpSocket *tcp, std::shared_ptr<LinkState> state,
              QObject *parent);
    ~ShardLink() override; //!< drops the connection at once

    //! Forwards the sockets' signals to `connection` (on the node's thread).
    void bind(ShardConnection *connection);
    void run(ShardOp &op);

Q_SIGNALS:
    void active();

private:
    QWebSocket *m_socket;
    //! The socket under m_socket (always one, from the shard's Gate), set to null when it is
    //! destroyed (EdgeSocket::watchLifetime), as in LocalConnection.
    EdgeSocket *m_edge;
    std::shared_ptr<LinkState> m_state;
};

} // namespace roomcast::server::edge
