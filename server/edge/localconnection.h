#pragma once

#include "connection.h"

#include <QTcpSocket>

#include <array>

class QWebSocket;

namespace roomcast::server::edge {

class EdgeSocket;

//! A Connection whose QWebSocket lives on the node's own thread (--threads 1, and the node
//! thread's share of the connections otherwise): every call goes straight to the sockets.
//! Pre-built frames are written to the TCP socket under the QWebSocket as they are; both
//! write whole frames on this thread, so they never interleave.
class LocalConnection final : public Connection
{
public:
    //! Takes `socket` over; `tcp` is the socket under it (null, or not an EdgeSocket: frames
    //! then go through QWebSocket::sendTextMessage()).
    LocalConnection(QWebSocket *socket, QTcpSocket *tcp);
    ~LocalConnection() override;

    bool send(const QByteArray &frame, qint64 maxBuffered) override;
    qint64 bytesToWrite() const override;
    void close(int code, const QString &reason) override;
    void abort() override;
    void ping() override;
    int closeCode() const override;
    void release() override;

private:
    void unlink();

    QWebSocket *m_socket;
    std::array<QMetaObject::Connection, 5> m_links;
    //! The socket under m_socket (always one, from the Listener), set to null when it is
    //! destroyed (EdgeSocket::watchLifetime): a broadcast asks it, and only it, per recipient.
    EdgeSocket *m_edge;
};

//! Bytes of an unmasked frame's header (RFC 6455 5.2).
qsizetype frameHeaderSize(const QByteArray &frame);

} // namespace roomcast::server::edge
