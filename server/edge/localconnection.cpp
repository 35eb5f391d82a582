#include "localconnection.h"

#include "edgesocket.h"

#include <QWebSocket>

namespace roomcast::server::edge {

qsizetype frameHeaderSize(const QByteArray &frame)
{
    const int len7 = frame.size() > 1 ? static_cast<unsigned char>(frame[1]) & 0x7F : 0;
    return len7 == 127 ? 10 : len7 == 126 ? 4 : 2;
}

LocalConnection::LocalConnection(QWebSocket *socket, QTcpSocket *tcp)
    : m_socket(socket), m_edge(qobject_cast<EdgeSocket *>(tcp))
{
    if (m_edge)
        m_edge->watchLifetime(&m_edge);
    // The socket is the context; the events are looked up when fired. Each connection is
    // kept so that exactly these go (QWebSocket has its own to the same objects).
    socket->setParent(nullptr);
    // A pong needs no link of its own: its bytes are activity, like every frame.
    m_links = {
        QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                         [this](const QString &text) { fire(Event::Text, &text); }),
        QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                         [this] { fire(Event::Binary); }),
        QObject::connect(socket, &QWebSocket::aboutToClose, socket,
                         [this] { fire(Event::AboutToClose); }),
        QObject::connect(socket, &QWebSocket::disconnected, socket,
                         [this] { fire(Event::Disconnected); }),
        m_edge ? QObject::connect(m_edge, &QTcpSocket::readyRead, socket,
                                  [this] { fire(Event::Activity); })
               : QObject::connect(socket, &QWebSocket::pong, socket,
                                  [this] { fire(Event::Activity); }),
    };
}

void LocalConnection::unlink()
{
    if (m_edge)
        m_edge->watchLifetime(nullptr);
    for (QMetaObject::Connection &link : m_links)
        QObject::disconnect(link);
}

LocalConnection::~LocalConnection()
{
    if (!m_socket)
        return;
    unlink();
    m_socket->abort();
    m_socket->deleteLater();
}

bool LocalConnection::send(const QByteArray &frame, qint64 maxBuffered)
{
    if (bytesToWrite() > maxBuffered)
        return false;
    if (m_edge) {
        m_edge->writeShared(frame); // queued as it is: no copy per recipient
    } else {
        // No socket to write to directly (not seen in practice): let QWebSocket frame it.
        const QByteArrayView payload = QByteArrayView(frame).sliced(frameHeaderSize(frame));
        m_socket->sendTextMessage(QString::fromUtf8(payload));
    }
    return true;
}

qint64 LocalConnection::bytesToWrite() const
{
    // The EdgeSocket counts its own queue; QWebSocket would ask it through two more objects.
    return m_edge ? m_edge->bytesToWrite() : m_socket->bytesToWrite();
}

void LocalConnection::close(int code, const QString &reason)
{
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
}

void LocalConnection::abort()
{
    m_socket->abort();
}

void LocalConnection::ping()
{
    m_socket->ping();
}

int LocalConnection::closeCode() const
{
    return m_socket->closeCode();
}

void LocalConnection::release()
{
    unlink();
    m_socket->deleteLater(); // after the close frame was handed to the TCP socket
    m_socket = nullptr;
    delete this;
}

} // namespace roomcast::server::edge
