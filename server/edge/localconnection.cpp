#include "localconnection.h"

#include <QWebSocket>

namespace roomcast::server::edge {

qsizetype frameHeaderSize(const QByteArray &frame)
{
    const int len7 = frame.size() > 1 ? static_cast<unsigned char>(frame[1]) & 0x7F : 0;
    return len7 == 127 ? 10 : len7 == 126 ? 4 : 2;
}

LocalConnection::LocalConnection(QWebSocket *socket, QTcpSocket *tcp) : m_socket(socket), m_tcp(tcp)
{
    socket->setParent(nullptr);
    connect(socket, &QWebSocket::textMessageReceived, this, &Connection::textReceived);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &Connection::binaryReceived);
    connect(socket, &QWebSocket::pong, this, &Connection::pong);
    connect(socket, &QWebSocket::aboutToClose, this, &Connection::aboutToClose);
    connect(socket, &QWebSocket::disconnected, this, &Connection::disconnected);
    if (tcp)
        connect(tcp, &QTcpSocket::readyRead, this, &Connection::activity);
}

LocalConnection::~LocalConnection()
{
    if (!m_socket)
        return;
    if (m_tcp)
        QObject::disconnect(m_tcp, nullptr, this, nullptr);
    m_socket->disconnect();
    m_socket->abort();
    m_socket->deleteLater();
}

bool LocalConnection::send(const QByteArray &frame, qint64 maxBuffered)
{
    if (bytesToWrite() > maxBuffered)
        return false;
    if (m_tcp) {
        m_tcp->write(frame);
    } else {
        // No socket to write to directly (not seen in practice): let QWebSocket frame it.
        const QByteArrayView payload = QByteArrayView(frame).sliced(frameHeaderSize(frame));
        m_socket->sendTextMessage(QString::fromUtf8(payload));
    }
    return true;
}

qint64 LocalConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
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
    m_socket->disconnect(this);
    if (m_tcp)
        QObject::disconnect(m_tcp, nullptr, this, nullptr);
    m_socket->deleteLater(); // after the close frame was handed to the TCP socket
    m_socket = nullptr;
    delete this;
}

} // namespace roomcast::server::edge
