#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

class QWebSocket;
class QWebSocketServer;
class QTcpSocket;

namespace roomcast::server {

//! Accepts TCP connections itself (large listen backlog, TCP_NODELAY, no pending-connection
//! cap) and hands only requests for `/ws` to QWebSocketServer::handleConnection(). It reads
//! the request head first, so every other request can go to the HTTP routes (httpRequest()),
//! and a client that never finishes its handshake is cut off after the handshake timeout
//! (which handleConnection() does not arm); for HTTP that timeout bounds the whole exchange.
class Listener : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int backlog = 4096;
        int handshakeTimeoutMs = 10000;
        int maxHeadBytes = 16384;
        bool webSocket = true; //!< false: an HTTP-only port (--http-port), /ws is not upgraded
    };
    Listener(const Options &options, QObject *parent = nullptr);
    ~Listener() override;

    bool listen(const QHostAddress &address, quint16 port);
    //! `--host` as an address: "localhost", a literal, or a name resolved once (null if none).
    static QHostAddress resolveHost(const QString &host);
    QString errorString() const;
    quint16 port() const;
    void close(); //!< stop accepting new connections

Q_SIGNALS:
    //! A WebSocket on `/ws` finished its upgrade; the receiver takes ownership of `socket`.
    //! `tcp` is the socket under it (for activity that QWebSocket does not signal, such as
    //! the client's own pings); it may be null.
    void webSocketConnected(QWebSocket *socket, QTcpSocket *tcp);
    //! A request that is not a WebSocket upgrade on `/ws` (its head is buffered, unread):
    //! the receiver reads and answers it. The socket stays the listener's child and is
    //! deleted once disconnected or at the handshake timeout. Without a receiver: 404.
    void httpRequest(QTcpSocket *socket);

private:
    class TcpServer;
    void onTcpConnection(QTcpSocket *socket);
    void inspectHead(QTcpSocket *socket);
    void onUpgraded();
    static QString peerKey(const QHostAddress &address, quint16 port);

    Options m_options;
    TcpServer *m_tcp;
    QWebSocketServer *m_ws;
    QHash<QString, QPointer<QTcpSocket>> m_handed; //!< handed to m_ws, not yet upgraded
};

} // namespace roomcast::server
