#pragma once

#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QObject>
#include <QTcpServer>

#include <memory>

class QWebSocket;
class QWebSocketServer;
class QTcpSocket;

namespace roomcast::server {

//! Accepts TCP connections itself (large listen backlog, TCP_NODELAY, no pending-connection
//! cap) and hands only requests for `/ws` to QWebSocketServer::handleConnection(). It reads
//! the request head first, so other paths get an HTTP 404, and a client that never finishes
//! its handshake is cut off after the handshake timeout (which handleConnection() does not arm).
class Listener : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int backlog = 4096;
        int handshakeTimeoutMs = 10000;
        int maxHeadBytes = 16384;
    };
    Listener(const Options &options, QObject *parent = nullptr);
    ~Listener() override;

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const;
    quint16 port() const;
    void close(); //!< stop accepting new connections

Q_SIGNALS:
    //! A WebSocket on `/ws` finished its upgrade; the receiver takes ownership of `socket`.
    //! `tcp` is the socket under it (for activity that QWebSocket does not signal, such as
    //! the client's own pings); it may be null.
    void webSocketConnected(QWebSocket *socket, QTcpSocket *tcp);

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
