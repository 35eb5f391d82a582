#include "gate.h"

#include "edgesocket.h"
#include "logging.h"
#include "upgradecheck.h"

#include "http/httprequest.h"

#include <QHostAddress>
#include <QPointer>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <unistd.h>

namespace roomcast::server::edge {

Gate::Gate(const EdgeOptions &options, QObject *parent)
    : QObject(parent), m_options(options),
      m_ws(new QWebSocketServer(QStringLiteral("roomcast"), QWebSocketServer::NonSecureMode, this))
{
    connect(m_ws, &QWebSocketServer::newConnection, this, &Gate::onUpgraded);
}

Gate::~Gate() = default;

void Gate::adopt(qintptr descriptor, const QByteArray &received)
{
    auto *socket = new EdgeSocket(this);
    if (!socket->adopt(descriptor, received)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        return;
    }
    watch(socket);
}

void Gate::watch(EdgeSocket *socket)
{
    // Whatever happens, a socket that is not a WebSocket by the deadline goes away; one
    // still sending its head is told why.
    QPointer<EdgeSocket> guard(socket);
    QTimer::singleShot(m_options.handshakeTimeoutMs, socket, [this, guard] {
        if (!guard || !guard->property("roomcast_handed").isNull())
            return;
        qCDebug(lcEdge) << "handshake timeout from" << guard->peerAddress();
        if (guard->property("roomcast_inspected").isNull()) {
            disconnect(guard, &QTcpSocket::readyRead, this, nullptr);
            guard->write(UpgradeRefusal{408, {}, "request head not received in time"}.response());
            guard->disconnectFromHost();
            QTimer::singleShot(EdgeSocket::kLingerMs, guard, [guard] { guard->abort(); });
            return;
        }
        guard->abort();
        guard->deleteLater();
    });
    connect(
        socket, &QObject::destroyed, this,
        [this, key = peerKey(socket->peerAddress(), socket->peerPort())] { m_handed.remove(key); });
    connect(socket, &QTcpSocket::disconnected, socket, [socket] {
        if (socket->property("roomcast_handed").isNull())
            socket->deleteLater();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspectHead(socket); });
    if (!socket->received().isEmpty())
        inspectHead(socket);
}

namespace {

void refuse(EdgeSocket *socket, const UpgradeRefusal &refusal)
{
    qCDebug(lcEdge) << "refusing upgrade from" << socket->peerAddress() << refusal.status
                    << refusal.message;
    socket->write(refusal.response());
    socket->disconnectFromHost();
}

//! The path of the request line's target (origin- or absolute-form), empty if unreadable.
QByteArray requestPath(QByteArrayView head)
{
    const qsizetype lineEnd = head.indexOf(QByteArrayView("\r\n"));
    const QList<QByteArray> parts =
        lineEnd < 0 ? QList<QByteArray>() : head.first(lineEnd).toByteArray().split(' ');
    if (parts.size() != 3)
        return {};
    http::HttpRequestParser parser(http::HttpLimits{});
    const QByteArray probe = "GET " + parts[1] + " HTTP/1.1\r\n\r\n";
    return parser.parse(probe) == http::HttpRequestParser::Status::Complete ? parser.request().path
                                                                            : QByteArray();
}

} // namespace

void Gate::inspectHead(EdgeSocket *socket)
{
    const QByteArrayView received = socket->received();
    const qsizetype end = received.indexOf(QByteArrayView("\r\n\r\n"));
    const bool tooLarge =
        end < 0 ? received.size() > m_options.maxHeadBytes : end + 4 > m_options.maxHeadBytes;
    if (end < 0 && !tooLarge)
        return; // the rest of the head is still on its way
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    socket->setProperty("roomcast_inspected", true);
    const QByteArray path = requestPath(received);
    if (!m_options.webSocket || path != "/ws") {
        if (handBack) {
            handBack(socket);
            return;
        }
        // The HTTP routes read the request themselves (and answer an oversized head too).
        const bool isGet = received.startsWith("GET ");
        socket->startRaw();
        if (httpRoute && httpRoute(socket))
            return;
        if (tooLarge)
            refuse(socket, UpgradeRefusal{431, {}, "request head too large"});
        else if (isGet)
            refuse(socket, UpgradeRefusal{404, {}, "not found"});
        else
            refuse(socket, UpgradeRefusal{405, "Allow: GET\r\n", "method not allowed"});
        return;
    }
    if (tooLarge) {
        refuse(socket, UpgradeRefusal{431,
                                      {},
                                      "request head over " +
                                          QByteArray::number(m_options.maxHeadBytes) + " bytes"});
        return;
    }
    upgrade(socket, end + 4);
}

void Gate::upgrade(EdgeSocket *socket, qsizetype headBytes)
{
    if (!socket->received().startsWith("GET ")) {
        refuse(socket, UpgradeRefusal{405, "Allow: GET\r\n", "a WebSocket upgrade is a GET"});
        return;
    }
    http::HttpLimits limits;
    limits.maxHeadBytes = m_options.maxHeadBytes;
    limits.maxBodyBytes = 0;
    http::HttpRequestParser parser(limits);
    const auto status = parser.parse(socket->received().first(headBytes));
    if (status == http::HttpRequestParser::Status::Failed) {
        const http::HttpError &error = parser.error();
        refuse(socket, UpgradeRefusal{error.status == 413 ? 400 : error.status,
                                      {},
                                      QByteArray::fromStdString(error.message)});
        return;
    }
    if (status != http::HttpRequestParser::Status::Complete) {
        refuse(socket, UpgradeRefusal{400, {}, "a WebSocket upgrade has no body"});
        return;
    }
    auto checked = checkUpgrade(parser.request());
    if (auto *refusal = std::get_if<UpgradeRefusal>(&checked)) {
        refuse(socket, *refusal);
        return;
    }
    socket->setProperty("roomcast_handed", true);
    m_handed.insert(peerKey(socket->peerAddress(), socket->peerPort()), socket);
    // From here on QWebSocketServer reads the checked head, then QWebSocket reads only
    // frames that passed the FrameChecker.
    socket->startFrames(std::get<QByteArray>(checked), headBytes, m_options.maxMessageBytes);
    m_ws->handleConnection(socket);
}

QString Gate::peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char('|') + QString::number(port);
}

void Gate::onUpgraded()
{
    while (QWebSocket *ws = m_ws->nextPendingConnection()) {
        // QWebSocket does not expose its TCP socket; the peer's address and port name it.
        QPointer<EdgeSocket> tcp = m_handed.take(peerKey(ws->peerAddress(), ws->peerPort()));
        ws->setMaxAllowedIncomingFrameSize(m_options.maxMessageBytes);
        ws->setMaxAllowedIncomingMessageSize(m_options.maxMessageBytes);
        Q_EMIT upgraded(ws, tcp.data());
        if (tcp)
            tcp->openFrames(); // frames that came with the handshake become readable
    }
}

} // namespace roomcast::server::edge
