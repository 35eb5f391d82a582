#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

class QWebSocket;
class QWebSocketServer;

namespace roomcast::server::edge {

class EdgeSocket;

//! Accepts TCP connections itself (large listen backlog, TCP_NODELAY, no pending-connection
//! cap), each into an EdgeSocket, and reads the request head before anyone else: requests
//! for `/ws` are checked against RFC 6455 / RFC 7230 (checkUpgrade) and only a valid upgrade
//! reaches QWebSocketServer::handleConnection(), every other path goes to the HTTP routes
//! (httpRequest()). A client that has not finished its handshake by the handshake timeout
//! gets 408 (handleConnection() arms no timeout); for HTTP the timeout bounds the exchange.
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
        quint64 maxMessageBytes = 65536; //!< --max-frame-bytes: larger messages close with 1009
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
    //! A request that is not a WebSocket upgrade on `/ws` (its head is readable, unread):
    //! the receiver reads and answers it. The socket stays the listener's child and is
    //! deleted once disconnected or at the handshake timeout. Without a receiver: 404.
    void httpRequest(QTcpSocket *socket);

private:
    class TcpServer;
    void onTcpConnection(EdgeSocket *socket);
    void inspectHead(EdgeSocket *socket);
    void upgrade(EdgeSocket *socket, qsizetype headBytes);
    void onUpgraded();
    static QString peerKey(const QHostAddress &address, quint16 port);

    Options m_options;
    TcpServer *m_tcp;
    QWebSocketServer *m_ws;
    QHash<QString, QPointer<EdgeSocket>> m_handed; //!< handed to m_ws, not yet upgraded
};

} // namespace roomcast::server::edge
