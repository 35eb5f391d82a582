// Connection: the state machine and the public API. Socket events, frames and the heartbeat
// are in connectionsocket.cpp.
#include "connection.h"

#include "connection_p.h"
#include "logging.h"

#include "protocol/codec.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>
#include <climits>
#include <string>
#include <utility>

namespace roomcast::client {

namespace {

constexpr int kCountdownTickMs = 250;
//! How long a socket closed by us may linger to finish its close handshake.
constexpr int kCloseGraceMs = 2000;
//! No wait (goaway or backoff) is longer than this, whatever a server says.
constexpr std::int64_t kMaxWaitMs = 10 * 60 * 1000;

Connection::Options withDefaults(Connection::Options options)
{
    if (!options.now) {
        options.now = [] {
            QElapsedTimer clock;
            clock.start();
            return clock.msecsSinceReference(); // monotonic
        };
    }
    if (!options.random01)
        options.random01 = [] { return QRandomGenerator::global()->generateDouble(); };
    return options;
}

//! Where we connect, without anything secret a URL might carry.
QString where(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

} // namespace

Connection::Connection(Options options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, withDefaults(std::move(options)))),
      m_backoff(d->options.backoff, d->options.random01)
{
    d->deadline.setSingleShot(true);
    d->deadline.setTimerType(Qt::PreciseTimer);
    d->wait.setSingleShot(true);
    d->wait.setTimerType(Qt::PreciseTimer);
    d->countdown.setInterval(kCountdownTickMs);
    connect(&d->deadline, &QTimer::timeout, this, [this] { d->onDeadline(); });
    connect(&d->wait, &QTimer::timeout, this, [this] { d->startAttempt(); });
    connect(&d->countdown, &QTimer::timeout, this, &Connection::reconnectInMsChanged);
    d->watchNetwork();
}

Connection::~Connection()
{
    // The socket is our child and outlives `d`: cut it loose first, and say goodbye cleanly.
    if (QWebSocket *s = std::exchange(d->socket, nullptr)) {
        s->disconnect(this);
        if (s->state() == QAbstractSocket::ConnectedState)
            s->close(QWebSocketProtocol::CloseCodeNormal);
    }
}

void Connection::open()
{
    if (m_state == State::Connecting || m_state == State::Authenticating ||
        m_state == State::Connected)
        return;
    d->startAttempt();
}

void Connection::close()
{
    d->drop(Private::Drop::Close);
    m_backoff.reset();
    d->setState(State::Offline);
}

void Connection::retryNow()
{
    if (m_state == State::Reconnecting)
        d->startAttempt();
}

void Connection::onReachabilityChanged(QNetworkInformation::Reachability reachability)
{
    if (reachability != QNetworkInformation::Reachability::Online || m_state != State::Reconnecting)
        return;
    qCInfo(lcClient) << "the network is back: retrying now";
    d->startAttempt();
}

void Connection::setToken(const QString &token)
{
    d->options.token = token;
    switch (m_state) {
    case State::Connected:
        d->refreshId = "refresh-" + std::to_string(++d->refreshCount);
        send(protocol::Request{d->refreshId, protocol::Refresh{token.toStdString()}});
        break;
    case State::Authenticating: // the hello carried the old token: start over with this one
    case State::Unauthorized:
        d->startAttempt();
        break;
    default: // Connecting and Reconnecting use it next; Offline and Stopped wait for open()
        break;
    }
}

void Connection::setUrl(const QUrl &url)
{
    if (url == d->options.url)
        return;
    d->options.url = url;
    if (m_state != State::Offline && m_state != State::Unauthorized && m_state != State::Stopped) {
        m_backoff.reset();
        d->drop(Private::Drop::Close); // a clean leave from the old server
        d->startAttempt();             // another server: the current session and wait are moot
    }
}

bool Connection::send(const protocol::Request &request)
{
    if (m_state != State::Connected || !d->socket)
        return false;
    return d->socket->sendTextMessage(QString::fromStdString(protocol::encode(request))) > 0;
}

int Connection::reconnectInMs() const
{
    if (m_state != State::Reconnecting)
        return 0;
    return static_cast<int>(std::clamp<std::int64_t>(d->reconnectAtMs - d->now(), 0, INT_MAX));
}

void Connection::Private::setState(State state)
{
    if (q->m_state == state)
        return;
    const bool wasWaiting = q->m_state == State::Reconnecting;
    q->m_state = state;
    if (wasWaiting) {
        wait.stop();
        countdown.stop();
    }
    qCDebug(lcClient) << "state" << state;
    Q_EMIT q->stateChanged();
    if (wasWaiting)
        Q_EMIT q->reconnectInMsChanged();
}

void Connection::Private::setError(const QString &error)
{
    if (q->m_lastError == error)
        return;
    q->m_lastError = error;
    Q_EMIT q->lastErrorChanged();
}

void Connection::Private::startAttempt()
{
    drop(Drop::Abort);
    goawayDelayMs.reset();
    serverMessage.clear();
    refreshId.clear();
    const QUrl url = options.url;
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        stopAt(State::Stopped, Connection::tr("The server address is not a ws:// or wss:// URL"));
        return;
    }
    setState(State::Connecting);
    if (q->m_state != State::Connecting) // a slot moved on already
        return;
    socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    socket->setMaxAllowedIncomingMessageSize(kMaxIncomingBytes);
    socket->setMaxAllowedIncomingFrameSize(kMaxIncomingBytes);
    wire(socket);
    deadline.start(kHandshakeTimeoutMs);
    qCInfo(lcClient) << "connecting to" << where(url) << "attempt" << q->attempt();
    socket->open(url);
}

void Connection::Private::drop(Drop how)
{
    deadline.stop();
    QWebSocket *s = std::exchange(socket, nullptr);
    if (!s)
        return;
    s->disconnect(q);
    if (how == Drop::Abort || s->state() != QAbstractSocket::ConnectedState) {
        s->abort();
        s->deleteLater();
        return;
    }
    QObject::connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
    QTimer::singleShot(kCloseGraceMs, s, &QObject::deleteLater);
    s->close(QWebSocketProtocol::CloseCodeNormal);
}

void Connection::Private::scheduleReconnect(std::int64_t delayMs, const QString &why)
{
    drop(Drop::Abort);
    delayMs = std::clamp<std::int64_t>(delayMs, 0, kMaxWaitMs);
    setError(why);
    reconnectAtMs = now() + delayMs;
    qCInfo(lcClient).nospace() << "reconnecting in " << delayMs << " ms (attempt " << q->attempt()
                               << "): " << why;
    setState(State::Reconnecting);
    if (q->m_state != State::Reconnecting)
        return;
    wait.start(static_cast<int>(delayMs));
    countdown.start();
    Q_EMIT q->reconnectInMsChanged();
}

void Connection::Private::stopAt(State state, const QString &why)
{
    drop(Drop::Close);
    qCInfo(lcClient) << "stopped:" << why;
    setError(why);
    setState(state);
}

void Connection::Private::watchNetwork()
{
    // Loaded once per process; without a backend (no NetworkManager, no D-Bus) we rely on
    // the backoff alone.
    static const bool loaded =
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    QNetworkInformation *info = loaded ? QNetworkInformation::instance() : nullptr;
    if (!info) {
        qCDebug(lcClient) << "no network information backend: no retry when the network returns";
        return;
    }
    qCDebug(lcClient) << "network information from" << info->backendName();
    QObject::connect(info, &QNetworkInformation::reachabilityChanged, q,
                     &Connection::onReachabilityChanged);
}

} // namespace roomcast::client
