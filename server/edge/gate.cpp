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
    m_deadlineTimer.setParent(this); // moves to a shard's thread with the gate
    m_deadlineTimer.setSingleShot(true);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &Gate::onHandshakeDeadlines);
    m_clock.start();
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
    m_deadlines.push_back(Deadline{m_clock.elapsed() + m_options.handshakeTimeoutMs, socket});
    if (!m_deadlineTimer.isActive())
        m_deadlineTimer.start(m_options.handshakeTimeoutMs);
    connect(
        socket, &QObject::destroyed, this,
        [this, key = peerKey(socket->peerAddress(), socket->peerPort())] { m_handed.remove(key); });
    connect(socket, &QTcpSocket::disconnected, socket, [socket] {
        if (!socket->handed())
            socket->deleteLater();
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspectHead(socket); });
    if (!socket->received().isEmpty())
        inspectHead(socket);
}

void Gate::onHandshakeDeadlines()
{
    const qint64 now = m_clock.elapsed();
    while (!m_deadlines.empty() && m_deadlines.front().dueMs <= now) {
        const QPointer<EdgeSocket> socket = m_deadlines.front().socket;
        m_deadlines.pop_front();
        if (socket && !socket->handed())
            handshakeExpired(socket);
    }
    if (!m_deadlines.empty())
        m_deadlineTimer.start(static_cast<int>(m_deadlines.front().dueMs - now));
}

void Gate::handshakeExpired(EdgeSocket *socket)
{
    qCDebug(lcEdge) << "handshake timeout from" << socket->peerAddress();
    if (!socket->inspected()) {
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        socket->write(UpgradeRefusal{408, {}, "request head not received in time"}.response());
        socket->disconnectFromHost();
        QPointer<EdgeSocket> guard(socket);
        QTimer::singleShot(EdgeSocket::kLingerMs, socket, [guard] {
            if (guard)
                guard->abort();
        });
        return;
    }
    socket->abort();
    socket->deleteLater();
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

//! QWebSocket passes on signals of its socket and its frame reader that nothing here listens
//! to; each of those connections costs every connection ~130 bytes. Dropped right after the
//! upgrade, receiver by receiver (nothing of QWebSocket's own handling goes: its slots live on
//! its private object, whose connections are not touched).
void dropUnusedForwards(QWebSocket *ws, QTcpSocket *tcp)
{
    if (tcp) {
        QObject::disconnect(tcp, &QAbstractSocket::errorOccurred, ws, nullptr);
        QObject::disconnect(tcp, &QAbstractSocket::proxyAuthenticationRequired, ws, nullptr);
        QObject::disconnect(tcp, &QAbstractSocket::readChannelFinished, ws, nullptr);
        QObject::disconnect(tcp, &QAbstractSocket::bytesWritten, ws, nullptr);
    }
    for (QObject *child : ws->children()) {
        if (!child->inherits("QWebSocketDataProcessor"))
            continue;
        // Whole messages are what the node reads; frames one by one go nowhere.
        QObject::disconnect(child, SIGNAL(textFrameReceived(QString, bool)), ws, nullptr);
        QObject::disconnect(child, SIGNAL(binaryFrameReceived(QByteArray, bool)), ws, nullptr);
        // With the TCP socket at hand a pong's bytes are activity (readyRead): nobody needs
        // QWebSocket::pong, so its private slot goes too (the only receiver of this signal).
        if (tcp)
            QObject::disconnect(child, SIGNAL(pongReceived(QByteArray)), nullptr, nullptr);
    }
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
    socket->markInspected();
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
    socket->markHanded();
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
        if (tcp) { // the QWebSocket owns it now: the gate's links would only cost memory
            disconnect(tcp, &QObject::destroyed, this, nullptr);
            disconnect(tcp, &QTcpSocket::disconnected, tcp, nullptr);
        }
        dropUnusedForwards(ws, tcp);
        ws->setMaxAllowedIncomingFrameSize(m_options.maxMessageBytes);
        ws->setMaxAllowedIncomingMessageSize(m_options.maxMessageBytes);
        Q_EMIT upgraded(ws, tcp.data());
        if (tcp)
            tcp->openFrames(); // frames that came with the handshake become readable
    }
}

} // namespace roomcast::server::edge
