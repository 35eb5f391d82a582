#include "silentnode.h"

#include "rawwebsocket.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTcpSocket>

#include <nlohmann/json.hpp>

#include <memory>

namespace roomcast::test {

namespace {

void upgrade(QTcpSocket *socket, const QByteArray &head)
{
    QByteArray key;
    for (const QByteArray &line : head.split('\n')) {
        if (line.toLower().startsWith("sec-websocket-key:"))
            key = line.mid(line.indexOf(':') + 1).trimmed();
    }
    const QByteArray accept = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                                       QCryptographicHash::Sha1)
                                  .toBase64();
    socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                  accept + "\r\n\r\n");
}

QByteArray welcome()
{
    const nlohmann::json frame = {
        {"type", "welcome"},
        {"protocol", 1},
        {"session", "s"},
        {"node", "silent-node"},
        {"user", {{"id", "alice"}, {"name", "Alice"}}},
        {"exp", QDateTime::currentSecsSinceEpoch() + 3600},
        {"heartbeat", {{"interval_ms", 100}, {"timeout_ms", 100}}},
        {"limits", {{"max_frame_bytes", 65536}, {"max_rooms", 100}, {"publish_per_s", 20}}}};
    return QByteArray::fromStdString(frame.dump());
}

} // namespace

SilentNode::SilentNode()
{
    connect(&m_server, &QTcpServer::newConnection, this, &SilentNode::accept);
    m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl SilentNode::url() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_server.serverPort()));
}

void SilentNode::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        ++m_connections;
        auto buffer = std::make_shared<QByteArray>();
        auto stage = std::make_shared<int>(0); // 0 upgrade, 1 waiting for hello, 2 silent
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, stage] {
            *buffer += socket->readAll();
            if (*stage == 0) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                upgrade(socket, buffer->left(end));
                buffer->remove(0, end + 4);
                *stage = 1;
            }
            if (*stage == 1 && !buffer->isEmpty()) { // the hello, whatever it says
                socket->write(RawWebSocket::buildFrame(RawWebSocket::Text, welcome(), false));
                ++m_welcomes;
                *stage = 2;
            }
            buffer->clear(); // from now on: pings and all, unanswered
        });
    }
}

} // namespace roomcast::test
