#include "shardconnection.h"

#include "edgesocket.h"
#include "localconnection.h"

#include <QWebSocket>

namespace roomcast::server::edge {

ShardConnection::ShardConnection(std::shared_ptr<ShardMailbox> mailbox, ShardLink *link,
                                 std::shared_ptr<LinkState> state)
    : m_mailbox(std::move(mailbox)), m_link(link), m_state(std::move(state))
{}

ShardConnection::~ShardConnection()
{
    if (m_link)
        post(ShardOp::Kind::Release);
}

void ShardConnection::post(ShardOp::Kind kind, int code, const QString &reason)
{
    ShardOp op{kind, m_link};
    op.code = code;
    op.reason = reason;
    m_mailbox->post(std::move(op));
}

bool ShardConnection::send(const QByteArray &frame, qint64 maxBuffered)
{
    if (bytesToWrite() > maxBuffered)
        return false;
    m_state->queued.fetch_add(frame.size(), std::memory_order_relaxed);
    ShardOp op{ShardOp::Kind::Send, m_link, frame};
    m_mailbox->post(std::move(op));
    return true;
}

qint64 ShardConnection::bytesToWrite() const
{
    return m_state->queued.load(std::memory_order_relaxed) +
           m_state->buffered.load(std::memory_order_relaxed);
}

void ShardConnection::close(int code, const QString &reason)
{
    post(ShardOp::Kind::Close, code, reason);
}

void ShardConnection::abort()
{
    post(ShardOp::Kind::Abort);
}

void ShardConnection::ping()
{
    post(ShardOp::Kind::Ping);
}

int ShardConnection::closeCode() const
{
    return m_state->closeCode.load();
}

void ShardConnection::release()
{
    post(ShardOp::Kind::Dismiss);
    m_link = nullptr;
    delete this;
}

void ShardConnection::onActive()
{
    m_state->activityPending.store(false);
    fire(Event::Activity);
}

ShardLink::ShardLink(QWebSocket *socket, QTcpSocket *tcp, std::shared_ptr<LinkState> state,
                     QObject *parent)
    : QObject(parent), m_socket(socket), m_edge(qobject_cast<EdgeSocket *>(tcp)),
      m_state(std::move(state))
{
    if (m_edge)
        m_edge->watchLifetime(&m_edge);
    socket->setParent(this);
}

ShardLink::~ShardLink()
{
    if (m_edge)
        m_edge->watchLifetime(nullptr);
    if (!m_socket)
        return;
    m_socket->disconnect();
    m_socket->abort();
    delete m_socket; // not from one of its own signals: ops run from the mailbox
}

void ShardLink::bind(ShardConnection *connection)
{
    // The close code is read before the node hears of the disconnect (same signal, earlier
    // receiver, this thread).
    connect(m_socket, &QWebSocket::disconnected, this,
            [this] { m_state->closeCode.store(m_socket->closeCode()); });
    connect(m_socket, &QWebSocket::textMessageReceived, connection, &ShardConnection::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, connection, &ShardConnection::onBinary);
    // A pong needs no link of its own: its bytes are activity (readyRead), like every frame.
    connect(m_socket, &QWebSocket::aboutToClose, connection, &ShardConnection::onAboutToClose);
    connect(m_socket, &QWebSocket::disconnected, connection, &ShardConnection::onDisconnected);
    connect(this, &ShardLink::active, connection, &ShardConnection::onActive);
    const auto signOfLife = [this] {
        // One sign of life in flight at a time: a busy socket does not flood the node.
        if (!m_state->activityPending.exchange(true))
            Q_EMIT active();
    };
    if (m_edge) {
        connect(m_edge, &QTcpSocket::readyRead, this, signOfLife);
        connect(m_edge, &QTcpSocket::bytesWritten, this,
                [this] { m_state->buffered.store(m_edge->bytesToWrite()); });
    } else {
        connect(m_socket, &QWebSocket::pong, this, signOfLife);
    }
}

void ShardLink::run(ShardOp &op)
{
    switch (op.kind) {
    case ShardOp::Kind::Send:
        if (m_edge) {
            m_edge->writeShared(op.frame); // queued as it is: no copy per recipient
            m_state->buffered.store(m_edge->bytesToWrite());
        } else {
            const QByteArrayView payload =
                QByteArrayView(op.frame).sliced(frameHeaderSize(op.frame));
            m_socket->sendTextMessage(QString::fromUtf8(payload));
        }
        m_state->queued.fetch_sub(op.frame.size(), std::memory_order_relaxed);
        break;
    case ShardOp::Kind::Close:
        m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(op.code), op.reason);
        break;
    case ShardOp::Kind::Abort:
        m_socket->abort();
        break;
    case ShardOp::Kind::Ping:
        m_socket->ping();
        break;
    case ShardOp::Kind::Release:
        delete this;
        break;
    case ShardOp::Kind::Dismiss:
        // The close frame goes out; the socket deletes itself once the handshake is done.
        // (Deleting the link and the node's side removes their connections, not Qt's own.)
        m_socket->setParent(nullptr);
        connect(m_socket, &QWebSocket::disconnected, m_socket, &QObject::deleteLater);
        m_socket = nullptr;
        delete this;
        break;
    default:
        break;
    }
}

} // namespace roomcast::server::edge
