// Connection: socket events, the handshake, frames after welcome and the heartbeat.
#include "connection.h"

#include "connection_p.h"
#include "logging.h"

#include "protocol/codec.h"

#include <QWebSocket>

#include <algorithm>
#include <climits>
#include <variant>

namespace roomcast::client {

namespace {

bool isCode(const protocol::ErrorReply &error, protocol::ErrorCode code)
{
    return error.code == protocol::toString(code);
}

//! lastError for a connection that ended with `code` (4001/4003 and goaway are handled apart).
QString describeClose(int code, const QString &reason, bool failed, const QString &socketError,
                      bool wasOpen)
{
    switch (code) {
    case 1001:
        return Connection::tr("The server went away");
    case 1003:
        return Connection::tr("The server refused a binary frame");
    case 1008:
        return Connection::tr("The server closed the connection for a policy violation (%1)")
            .arg(reason);
    case 1009:
        return Connection::tr("A frame was too large for the server");
    case 4000:
        return Connection::tr("The server heard nothing from this client in time");
    case 4002:
        return Connection::tr("The server got no hello in time");
    case 1000:
        if (!failed)
            return Connection::tr("The server closed the connection");
        return wasOpen ? Connection::tr("Connection lost: %1").arg(socketError)
                       : Connection::tr("Could not connect: %1").arg(socketError);
    default:
        return Connection::tr("The connection closed with code %1 (%2)").arg(code).arg(reason);
    }
}

} // namespace

void Connection::Private::wire(QWebSocket *s)
{
    QObject::connect(s, &QWebSocket::connected, q, [this] { onConnected(); });
    QObject::connect(s, &QWebSocket::textMessageReceived, q,
                     [this](const QString &text) { onText(text); });
    QObject::connect(s, &QWebSocket::binaryMessageReceived, q, [this] {
        q->m_heartbeat.onActivity(now());
        qCDebug(lcClient) << "ignored a binary frame";
    });
    QObject::connect(s, &QWebSocket::pong, q, [this] { onPong(); });
    QObject::connect(s, &QWebSocket::disconnected, q, [this, s] { onGone(s); });
    // Some failures (a URL refused by open()) come without `disconnected`: look again once
    // the socket has settled.
    QObject::connect(s, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this, s](QAbstractSocket::SocketError) {
                         QTimer::singleShot(0, s, [this, s] { onGone(s); });
                     });
}

void Connection::Private::onConnected()
{
    setState(State::Authenticating);
    if (q->m_state != State::Authenticating || !socket)
        return;
    protocol::Hello hello;
    hello.token = options.token.toStdString();
    hello.client = options.clientName.toStdString();
    socket->sendTextMessage(
        QString::fromStdString(protocol::encode(protocol::Request{nullptr, hello})));
}

void Connection::Private::onText(const QString &text)
{
    q->m_heartbeat.onActivity(now());
    protocol::DecodeLimits limits;
    limits.maxBytes = kMaxIncomingBytes;
    limits.maxDepth = 64; // a body nested up to the server's limit, inside history and message
    auto decoded = protocol::decodeServerFrame(text.toStdString(), limits);
    if (!decoded) {
        qCDebug(lcClient) << "ignored an undecodable frame:"
                          << QString::fromStdString(decoded.error().message);
        return;
    }
    if (q->m_state == State::Authenticating)
        onHandshakeFrame(decoded.value());
    else if (q->m_state == State::Connected)
        onSessionFrame(decoded.value());
}

void Connection::Private::onHandshakeFrame(const protocol::ServerFrame &frame)
{
    if (const auto *welcome = std::get_if<protocol::Welcome>(&frame)) {
        onWelcome(*welcome);
        return;
    }
    const auto *error = std::get_if<protocol::ErrorReply>(&frame);
    if (!error) {
        qCDebug(lcClient) << "ignored a frame before welcome";
        return;
    }
    serverMessage = QString::fromStdString(error->message);
    if (isCode(*error, protocol::ErrorCode::Unauthorized))
        stopAt(State::Unauthorized, tokenRefused());
    else if (isCode(*error, protocol::ErrorCode::UnsupportedProtocol))
        stopAt(State::Stopped, Connection::tr("The server does not speak protocol version %1")
                                   .arg(protocol::kProtocolVersion));
    else // the close that follows decides what happens
        qCInfo(lcClient) << "handshake refused:" << QString::fromStdString(error->code);
}

void Connection::Private::onWelcome(const protocol::Welcome &welcome)
{
    deadline.stop();
    q->m_backoff.reset();
    q->m_welcome = welcome;
    q->m_node = QString::fromStdString(welcome.node);
    q->m_tokenExp = welcome.exp;
    const std::int64_t t = now();
    q->m_heartbeat.start(t, std::max(kMinHeartbeatMs, welcome.heartbeatIntervalMs),
                         std::max(0, welcome.heartbeatTimeoutMs));
    // A first ping at once, so the round trip is known without waiting a whole interval.
    socket->ping();
    q->m_heartbeat.onPingSent(t);
    armHeartbeat();
    qCInfo(lcClient) << "connected to node" << q->m_node;
    setError(QString());
    setState(State::Connected);
    Q_EMIT q->rttChanged();
    if (q->m_state == State::Connected)
        Q_EMIT q->welcomed(q->m_welcome);
}

void Connection::Private::onSessionFrame(const protocol::ServerFrame &frame)
{
    if (const auto *goaway = std::get_if<protocol::Goaway>(&frame)) {
        goawayDelayMs = goaway->reconnectInMs;
        qCInfo(lcClient) << "goaway:" << QString::fromStdString(goaway->reason) << "reconnect in"
                         << goaway->reconnectInMs << "ms";
    } else if (const auto *refreshed = std::get_if<protocol::Refreshed>(&frame)) {
        if (refreshed->id.is_string() && refreshed->id.get<std::string>() == refreshId)
            refreshId.clear();
        q->m_tokenExp = refreshed->exp;
        qCInfo(lcClient) << "token refreshed, expires" << refreshed->exp;
        Q_EMIT q->stateChanged();
    } else if (const auto *error = std::get_if<protocol::ErrorReply>(&frame)) {
        const QString message = QString::fromStdString(error->message);
        if (!refreshId.empty() && error->id.is_string() &&
            error->id.get<std::string>() == refreshId) {
            refreshId.clear();
            setError(Connection::tr("The new token was refused (%1): the current one stays in "
                                    "force until it expires")
                         .arg(message));
        } else if (isCode(*error, protocol::ErrorCode::Unauthorized)) {
            serverMessage = message; // the 4001 that follows explains itself with it
        }
    }
    Q_EMIT q->frameReceived(frame);
}

void Connection::Private::onPong()
{
    if (q->m_state != State::Connected)
        return;
    const int before = q->m_heartbeat.rttMs();
    if (q->m_heartbeat.onPong(now()) != before)
        Q_EMIT q->rttChanged();
}

void Connection::Private::armHeartbeat()
{
    const std::int64_t in = q->m_heartbeat.nextDeadline() - now();
    deadline.start(static_cast<int>(std::clamp<std::int64_t>(in, 0, INT_MAX)));
}

void Connection::Private::onDeadline()
{
    if (q->m_state == State::Connecting || q->m_state == State::Authenticating) {
        scheduleReconnect(q->m_backoff.nextDelayMs(),
                          Connection::tr("The server did not complete the handshake in %1 s")
                              .arg(kHandshakeTimeoutMs / 1000));
        return;
    }
    if (q->m_state != State::Connected || !socket)
        return;
    const std::int64_t t = now();
    if (q->m_heartbeat.isDead(t)) {
        const auto &w = q->m_welcome;
        scheduleReconnect(q->m_backoff.nextDelayMs(),
                          Connection::tr("No sign of life from the server for %1 ms")
                              .arg(w.heartbeatIntervalMs + w.heartbeatTimeoutMs));
        return;
    }
    if (q->m_heartbeat.shouldPing(t)) {
        socket->ping();
        q->m_heartbeat.onPingSent(t);
    }
    armHeartbeat();
}

void Connection::Private::onGone(QWebSocket *s)
{
    if (s != socket || s->state() != QAbstractSocket::UnconnectedState)
        return;
    const int code = s->closeCode();
    const QString reason = s->closeReason();
    const bool failed = s->error() != QAbstractSocket::UnknownSocketError;
    const QString socketError = s->errorString();
    const bool wasOpen = q->m_state != State::Connecting;
    drop(Drop::Abort);
    if (code == 4001) {
        stopAt(State::Unauthorized, tokenRefused());
    } else if (code == 4003) {
        stopAt(State::Stopped, Connection::tr("The server does not speak protocol version %1")
                                   .arg(protocol::kProtocolVersion));
    } else if (goawayDelayMs) {
        // The server spread its clients over its drain window: its delay, not our backoff.
        scheduleReconnect(*goawayDelayMs, Connection::tr("The server is restarting"));
    } else {
        scheduleReconnect(q->m_backoff.nextDelayMs(),
                          describeClose(code, reason, failed, socketError, wasOpen));
    }
}

QString Connection::Private::tokenRefused() const
{
    const QString why =
        serverMessage.isEmpty() ? Connection::tr("unauthorized or expired") : serverMessage;
    return Connection::tr("The server refused the token (%1): set a new one").arg(why);
}

} // namespace roomcast::client
