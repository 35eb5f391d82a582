#pragma once

#include "connection.h"

#include <QPointer>
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
    //! Takes `socket` over; `tcp` is the socket under it (may be null: frames then go through
    //! QWebSocket::sendTextMessage()).
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
    QPointer<QTcpSocket> m_tcp;
    EdgeSocket *m_edge; //!< m_tcp when it is one (always, from the Listener); valid while m_tcp is
};

//! Bytes of an unmasked frame's header (RFC 6455 5.2).
qsizetype frameHeaderSize(const QByteArray &frame);

} // namespace roomcast::server::edge
