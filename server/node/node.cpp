#include "node/node.h"

#include "backend/localbackend.h"
#include "cluster/clusterbackend.h"
#include "edge/connection.h"
#include "edge/frameencoder.h"
#include "edge/listener.h"
#include "logging.h"
#include "node/session.h"
#include "store/sqlitestore.h"
#include "webhooks/webhookdispatcher.h"

#include <QHostAddress>
#include <QTimer>

#include <algorithm>

namespace roomcast::server {

using protocol::CloseCode;

namespace {
QString randomHex(std::mt19937_64 &rng, int chars)
{
    static const char digits[] = "0123456789abcdef";
    QString out;
    for (int i = 0; i < chars; ++i)
        out.append(QLatin1Char(digits[rng() % 16]));
    return out;
}

} // namespace

Node::Node(const ServerConfig &config, Clock clock, QObject *parent)
    : QObject(parent), m_config(config), m_clock(std::move(clock)), m_rng(std::random_device{}()),
      m_presence(config.presenceGraceMs)
{
    m_nodeId =
        config.nodeId.isEmpty() ? QStringLiteral("node-") + randomHex(m_rng, 6) : config.nodeId;
    m_limits.maxBytes = static_cast<std::size_t>(config.maxFrameBytes);
}

Node::~Node()
{
    // Sockets going away must not reach handlers that use the backend.
    for (auto &[id, s] : m_sessions)
        s->connection()->setEvents({});
    m_backend.reset(); // flushes: callbacks still find their sessions
    m_sessions.clear();
}

protocol::Expected<bool> Node::start()
{
    const QHostAddress address = edge::Listener::resolveHost(m_config.host);
    if (address.isNull())
        return protocol::Error{protocol::ErrorCode::BadRequest, "host",
                               "invalid --host " + m_config.host.toStdString() +
                                   ": not an IP address"};

    m_listener = new edge::Listener(
        edge::Listener::Options{m_config.listenBacklog, m_config.helloTimeoutMs, 16384, true,
                                static_cast<quint64>(m_config.maxFrameBytes), m_config.threads},
        this);
    if (!m_listener->listen(address, m_config.port)) {
        const std::string what = "cannot listen on " + m_config.host.toStdString() + ":" +
                                 std::to_string(m_config.port) + ": " +
                                 m_listener->errorString().toStdString();
        return protocol::Error{protocol::ErrorCode::Unavailable, "port", what};
    }
    // The port first: a port in use must not leave a secret or a store behind, and nothing
    // is served before the event loop runs, i.e. before the store below is open.
    if (m_config.secret.isEmpty() && m_config.loadSecret) {
        auto secret = m_config.loadSecret();
        if (!secret) {
            m_listener->close();
            return secret.error();
        }
        m_config.secret = secret.value();
    }
    auto backend = openBackend();
    if (!backend) {
        m_listener->close();
        return backend.error();
    }
    m_backend = std::move(backend).value();
    if (auto webhooks = openWebhooks(); !webhooks) {
        m_listener->close();
        return webhooks.error();
    }
    m_backend->setEvents(RoomBackend::Events{
        [this](const std::string &room, std::int64_t seq, const QByteArray &json,
               const std::string &exceptUser) { broadcast(room, seq, json, exceptUser); },
        [this](const std::string &room) { resetRoom(room); },
    });
    connect(m_listener, &edge::Listener::webSocketConnected, this, &Node::onWebSocket);

    const int shortest = std::min(
        {m_config.heartbeatIntervalMs, m_config.heartbeatTimeoutMs, m_config.helloTimeoutMs});
    const std::int64_t tick = std::clamp(shortest / 5, 10, 250);
    m_wheel = std::make_unique<TimingWheel>(
        tick, 1024, m_clock.now(), [this](std::uint64_t id, std::int64_t due, std::int64_t now) {
            return onWheel(id, due, now);
        });
    m_wheelTimer = new QTimer(this);
    m_wheelTimer->setInterval(static_cast<int>(tick));
    connect(m_wheelTimer, &QTimer::timeout, this, [this] { m_wheel->advance(m_clock.now()); });
    m_wheelTimer->start();

    m_presenceTimer = new QTimer(this);
    m_presenceTimer->setSingleShot(true);
    connect(m_presenceTimer, &QTimer::timeout, this, &Node::onPresenceTimer);
    return true;
}

protocol::Expected<std::unique_ptr<RoomBackend>> Node::openBackend()
{
    if (!m_config.redisUrl.isEmpty()) {
        ClusterBackend::Options options;
        options.url = m_config.redisUrl;
        options.nodeId = m_nodeId.toStdString();
        options.retention = m_config.retention;
        options.presenceTtlMs = m_config.clusterPresenceTtlMs;
        options.clock = m_clock.wall;
        auto cluster = ClusterBackend::open(options);
        if (!cluster)
            return cluster.error();
        return std::unique_ptr<RoomBackend>(std::move(cluster).value());
    }
    SqliteStore::Options storeOptions;
    storeOptions.dataDir = m_config.dataDir;
    storeOptions.retention = m_config.retention;
    storeOptions.clock = m_clock.wall;
    auto store = SqliteStore::open(storeOptions);
    if (!store)
        return store.error();
    return std::unique_ptr<RoomBackend>(std::make_unique<LocalBackend>(std::move(store).value()));
}

std::string Node::randomSessionId()
{
    return randomHex(m_rng, 16).toStdString();
}

quint16 Node::port() const
{
    return m_listener ? m_listener->port() : 0;
}

void Node::onWebSocket(edge::Connection *connection)
{
    if (m_shuttingDown) {
        // Upgraded during the drain: it still learns where to go and when.
        std::uniform_int_distribution<std::int64_t> spread(0, std::max(0, m_config.drainWindowMs));
        connection->send(edge::textFrame(QByteArray::fromStdString(protocol::encode(
                             protocol::ServerFrame(protocol::Goaway{"shutdown", spread(m_rng)})))),
                         m_config.slowConsumerBytes);
        connection->close(static_cast<int>(CloseCode::GoingAway), {});
        connection->release();
        return;
    }
    const std::uint64_t id = m_nextSessionId++;
    const std::int64_t now = m_clock.now();
    auto owned =
        std::make_unique<Session>(id, connection, now, m_config.publishRate, m_config.publishBurst,
                                  m_config.errorStormLimit, m_config.errorStormWindowMs);
    Session *s = owned.get();
    m_sessions.emplace(id, std::move(owned));

    connection->setEvents([this, s](edge::Connection::Event event, const QString *text) {
        onConnectionEvent(s, event, text);
    });
    reschedule(s, now + m_config.helloTimeoutMs);
}

void Node::onConnectionEvent(Session *s, edge::Connection::Event event, const QString *text)
{
    using Event = edge::Connection::Event;
    switch (event) {
    case Event::Text:
        onText(s, *text);
        return;
    case Event::Binary:
        s->lastSeenMs = m_clock.now();
        closeSession(s, CloseCode::UnsupportedData,
                     QStringLiteral("binary frames are not supported"), false);
        return;
    case Event::AboutToClose:
        if (!s->closing())
            s->peerClosed = true;
        return;
    case Event::Disconnected:
        onDisconnected(s);
        return;
    case Event::Activity:
        // Any frame is a sign of life (PROTOCOL.md 9), pongs and the client's own pings too.
        s->lastSeenMs = m_clock.now();
        return;
    }
}

void Node::onText(Session *s, const QString &text)
{
    s->lastSeenMs = m_clock.now();
    if (s->closing())
        return;
    const QByteArray utf8 = text.toUtf8();
    auto decoded = protocol::decodeClientFrame(
        std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())), m_limits);
    if (auto *failure = std::get_if<protocol::DecodeFailure>(&decoded)) {
        sendError(s, failure->id, failure->error.code, failure->error.message);
        if (!s->authenticated)
            closeSession(s, CloseCode::Unauthorized, QStringLiteral("hello expected"), false);
        return;
    }
    handle(s, std::get<protocol::Request>(std::move(decoded)));
}

void Node::onDisconnected(Session *s)
{
    if (s->gone)
        return;
    const bool clean =
        s->peerClosed && s->connection()->closeCode() == static_cast<int>(CloseCode::Normal);
    detach(s, clean);
    s->gone = true;
    const std::uint64_t id = s->id();
    // Deleting now could pull the session from under a handler further up the stack.
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            m_sessions.erase(id);
            if (m_shuttingDown && m_sessions.empty())
                finishShutdown();
        },
        Qt::QueuedConnection);
}

void Node::closeSession(Session *s, CloseCode code, const QString &reason, bool clean)
{
    if (s->closing())
        return;
    qCDebug(lcServer) << "closing session" << s->id() << "code" << static_cast<int>(code) << reason;
    s->close(code, reason);
    detach(s, clean);
    s->wheelDueMs = m_clock.now() + kCloseGraceMs; // then abort if the peer never answers
    m_wheel->schedule(s->id(), s->wheelDueMs);
}

void Node::detach(Session *s, bool clean)
{
    const std::vector<std::string> rooms(s->rooms.begin(), s->rooms.end());
    for (const std::string &room : rooms)
        leaveRoom(s, room, clean);
}

} // namespace roomcast::server
