#include "listener.h"

#include "logging.h"

#include <QHostInfo>
#include <QMetaMethod>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace roomcast::server {

class Listener::TcpServer : public QTcpServer
{
public:
    explicit TcpServer(Listener *owner) : QTcpServer(owner), m_owner(owner) {}

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_owner->onTcpConnection(socket);
    }

private:
    Listener *m_owner;
};

Listener::Listener(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_tcp(new TcpServer(this)),
      m_ws(new QWebSocketServer(QStringLiteral("roomcast"), QWebSocketServer::NonSecureMode, this))
{
    m_tcp->setListenBacklogSize(options.backlog);
    m_tcp->setMaxPendingConnections(1 << 30); // we never queue: incomingConnection handles all
    connect(m_ws, &QWebSocketServer::newConnection, this, &Listener::onUpgraded);
}

Listener::~Listener() = default;

bool Listener::listen(const QHostAddress &address, quint16 port)
{
    return m_tcp->listen(address, port);
}

QHostAddress Listener::resolveHost(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    const QHostAddress literal(host);
    if (!literal.isNull())
        return literal;
    const QHostInfo info = QHostInfo::fromName(host);
    return info.addresses().isEmpty() ? QHostAddress() : info.addresses().constFirst();
}

QString Listener::errorString() const
{
    return m_tcp->errorString();
}

quint16 Listener::port() const
{
    return m_tcp->serverPort();
}

void Listener::close()
{
    m_tcp->close();
}

void Listener::onTcpConnection(QTcpSocket *socket)
{
    // Whatever happens, a socket that is not a WebSocket by the deadline goes away.
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(m_options.handshakeTimeoutMs, socket, [guard] {
        if (guard && guard->property("roomcast_handed").isNull()) {
            qCDebug(lcServer) << "handshake timeout from" << guard->peerAddress();
            guard->abort();
            guard->deleteLater();
        }
    });
    connect(
        socket, &QObject::destroyed, this,
        [this, key = peerKey(socket->peerAddress(), socket->peerPort())] { m_handed.remove(key); });
    connect(socket, &QTcpSocket::disconnected, socket, [socket] {
        if (socket->property("roomcast_handed").isNull())
            socket->deleteLater();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspectHead(socket); });
    if (socket->bytesAvailable())
        inspectHead(socket);
}

//! True when the request head carries an `Upgrade` header naming websocket.
static bool requestsWebSocket(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray lower = line.trimmed().toLower();
        if (lower.startsWith("upgrade:") && lower.contains("websocket"))
            return true;
    }
    return false;
}

static void refuse(QTcpSocket *socket, const char *status)
{
    socket->write("HTTP/1.1 ");
    socket->write(status);
    socket->write("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    socket->disconnectFromHost();
}

void Listener::inspectHead(QTcpSocket *socket)
{
    const QByteArray head = socket->peek(m_options.maxHeadBytes + 1);
    const qsizetype end = head.indexOf("\r\n\r\n");
    const bool tooLarge = end < 0 && head.size() > m_options.maxHeadBytes;
    if (end < 0 && !tooLarge)
        return; // the rest of the head is still on its way
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QList<QByteArray> parts =
        lineEnd < 0 ? QList<QByteArray>() : head.left(lineEnd).split(' ');
    QByteArray path = parts.size() == 3 ? parts[1] : QByteArray();
    if (const qsizetype q = path.indexOf('?'); q >= 0)
        path.truncate(q);
    if (!m_options.webSocket || path != "/ws") {
        // The HTTP routes read the request themselves (and answer an oversized head too).
        if (isSignalConnected(QMetaMethod::fromSignal(&Listener::httpRequest)))
            Q_EMIT httpRequest(socket);
        else if (tooLarge)
            refuse(socket, "431 Request Header Fields Too Large");
        else
            refuse(socket, parts.size() == 3 && parts[0] == "GET" ? "404 Not Found"
                                                                  : "405 Method Not Allowed");
        return;
    }
    if (tooLarge) {
        refuse(socket, "431 Request Header Fields Too Large");
        return;
    }
    if (parts[0] != "GET") {
        refuse(socket, "405 Method Not Allowed\r\nAllow: GET");
        return;
    }
    if (!requestsWebSocket(head.left(end))) {
        refuse(socket, "426 Upgrade Required\r\nUpgrade: websocket");
        return;
    }
    socket->setProperty("roomcast_handed", true);
    m_handed.insert(peerKey(socket->peerAddress(), socket->peerPort()), socket);
    // The whole head is already buffered, so QWebSocketServer answers within this event-loop
    // pass: it upgrades (the QWebSocket then drives the socket, which stays our child) or
    // closes and frees it.
    m_ws->handleConnection(socket);
}

QString Listener::peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}

void Listener::onUpgraded()
{
    while (QWebSocket *ws = m_ws->nextPendingConnection()) {
        // QWebSocket does not expose its TCP socket; the peer's address and port name it.
        QPointer<QTcpSocket> tcp = m_handed.take(peerKey(ws->peerAddress(), ws->peerPort()));
        Q_EMIT webSocketConnected(ws, tcp.data());
    }
}

} // namespace roomcast::server
