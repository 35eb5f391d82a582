#include "session.h"

#include "format.h"
#include "logging.h"
#include "messagestore.h"

#include "client/connection.h"
#include "client/outbox.h"
#include "client/roomsclient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QStandardPaths>

namespace roomcast::models {

using State = client::Connection::State;

namespace {
std::unique_ptr<client::Outbox> openOutbox(QString path)
{
    if (path.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        path = dir + QStringLiteral("/outbox.sqlite");
    }
    auto opened = client::Outbox::open(path);
    if (opened)
        return std::move(opened).value();
    // Still usable, only not across restarts: say so once.
    qCWarning(lcModels) << "cannot open the outbox at" << path << ":"
                        << QString::fromStdString(opened.error().message)
                        << "- using a temporary one";
    const QString fallback = QDir::temp().filePath(
        QStringLiteral("roomcast-outbox-%1.sqlite").arg(QCoreApplication::applicationPid()));
    auto temporary = client::Outbox::open(fallback);
    return temporary ? std::move(temporary).value() : nullptr;
}

QString hostOf(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}
} // namespace

Session::Session(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    client::Connection::Options copts;
    copts.backoff = m_options.backoff;
    m_connection = new client::Connection(std::move(copts), this);
    m_outbox = openOutbox(m_options.outboxPath);
    m_client = new client::RoomsClient(m_connection, m_outbox.get(), this);
    m_store = new MessageStore(m_client, this);

    connect(m_connection, &client::Connection::stateChanged, this, &Session::updateBanner);
    connect(m_connection, &client::Connection::lastErrorChanged, this, &Session::updateBanner);
    connect(m_connection, &client::Connection::rttChanged, this, &Session::updateBanner);
    connect(m_connection, &client::Connection::reconnectInMsChanged, this, &Session::updateBanner);
    connect(m_connection, &client::Connection::welcomed, this,
            [this](const protocol::Welcome &welcome) {
                const QString id = QString::fromStdString(welcome.user.id);
                const QString name = QString::fromStdString(welcome.user.name);
                if (id != m_userId || name != m_userName) {
                    m_userId = id;
                    m_userName = name;
                    Q_EMIT userChanged();
                }
                updateBanner();
            });
    connect(m_outbox.get(), &client::Outbox::depthChanged, this, &Session::outboxDepthChanged);
    connect(m_store, &MessageStore::syncChanged, this, &Session::roomsChanged);
    // A room the server no longer allows (a narrower token) is dropped by the client.
    connect(m_client, &client::RoomsClient::roomStatusChanged, this, [this](const QString &room) {
        if (!m_client->status(room.toStdString()) && m_rooms.removeOne(room))
            Q_EMIT roomsChanged();
    });
    m_clock.start();
    // Leave cleanly (close 1000) so that others see us go at once, not after a grace period.
    if (QCoreApplication::instance())
        connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this,
                [this] { m_connection->close(); });

    m_countdown.setInterval(250);
    connect(&m_countdown, &QTimer::timeout, this, &Session::updateBanner);
    updateBanner();
}

Session::~Session()
{
    // The client and the connection refer to the outbox: they go first.
    delete m_store;
    delete m_client;
    delete m_connection;
}

Session *Session::instance()
{
    static Session *s = new Session(Options{});
    return s;
}

Session *Session::create(QQmlEngine *, QJSEngine *)
{
    Session *s = instance();
    QJSEngine::setObjectOwnership(s, QJSEngine::CppOwnership);
    return s;
}

std::int64_t Session::nowMs() const
{
    return m_options.now ? m_options.now() : QDateTime::currentMSecsSinceEpoch();
}

void Session::start(const QUrl &url, const QString &token)
{
    if (url != m_url) {
        m_url = url;
        Q_EMIT serverUrlChanged();
    }
    m_connection->setUrl(url);
    m_connection->setToken(token);
    qCInfo(lcModels) << "connecting to" << url.toString(QUrl::RemoveUserInfo);
    m_connection->open();
    updateBanner();
}

void Session::join(const QString &room)
{
    const QString name = room.trimmed();
    if (name.isEmpty() || m_rooms.contains(name))
        return;
    m_rooms.append(name);
    m_client->join(name.toStdString());
    Q_EMIT roomsChanged();
}

void Session::leave(const QString &room)
{
    if (!m_rooms.removeOne(room))
        return;
    m_client->leave(room.toStdString());
    Q_EMIT roomsChanged();
}

QString Session::send(const QString &room, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (room.isEmpty() || trimmed.isEmpty())
        return {};
    return m_client->publish(room.toStdString(), "chat", {{"text", trimmed.toStdString()}});
}

void Session::sendTyping(const QString &room)
{
    constexpr std::int64_t kEveryMs = 3000;
    if (!connected() || room.isEmpty())
        return;
    const std::int64_t now = m_clock.elapsed();
    auto it = m_typedAt.find(room);
    if (it != m_typedAt.end() && now - *it < kEveryMs)
        return;
    m_typedAt.insert(room, now);
    m_client->sendTyping(room.toStdString());
}

void Session::retryNow()
{
    if (m_connection->state() == State::Reconnecting)
        m_connection->retryNow();
    else if (m_connection->state() == State::Offline || m_connection->state() == State::Stopped)
        m_connection->open();
}

void Session::setToken(const QString &token)
{
    const QString trimmed = token.trimmed();
    if (trimmed.isEmpty())
        return;
    m_connection->setToken(trimmed);
    Q_EMIT tokenReplaced(trimmed);
}

bool Session::signedOut() const
{
    return m_connection->state() == State::Unauthorized;
}

bool Session::connected() const
{
    return m_connection->state() == State::Connected;
}

QString Session::stateName() const
{
    return QString::fromLatin1(QMetaEnum::fromType<State>().valueToKey(int(m_connection->state())));
}

int Session::rttMs() const
{
    return m_connection->rttMs();
}

QString Session::node() const
{
    return m_connection->node();
}

int Session::attempt() const
{
    return m_connection->attempt();
}

QString Session::lastError() const
{
    return m_connection->lastError();
}

QString Session::tokenExpiryText() const
{
    return format::expiryText(m_connection->tokenExp(), nowMs());
}

int Session::outboxDepth() const
{
    return m_outbox->depth();
}

QStringList Session::rooms() const
{
    return m_rooms;
}

bool Session::roomsLoaded() const
{
    return m_store->allSynced();
}

void Session::updateBanner()
{
    Banner::Input in;
    in.state = m_connection->state();
    in.rttMs = m_connection->rttMs();
    in.node = m_connection->node();
    in.attempt = m_connection->attempt();
    in.reconnectInMs = m_connection->reconnectInMs();
    in.lastError = m_connection->lastError();
    in.host = hostOf(m_url);
    const Banner banner = Banner::describe(in);
    if (in.state == State::Reconnecting) {
        if (!m_countdown.isActive())
            m_countdown.start();
    } else {
        m_countdown.stop();
    }
    // Everything behind the NOTIFY bannerChanged properties, so the countdown timer does not
    // wake bindings when nothing visible changed.
    const QString signature = QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                                  .arg(banner.text, banner.level, in.lastError, in.node)
                                  .arg(int(in.state))
                                  .arg(in.attempt)
                                  .arg(m_connection->tokenExp());
    if (signature == m_bannerSignature)
        return;
    m_bannerSignature = signature;
    m_banner = banner;
    Q_EMIT bannerChanged();
}

} // namespace roomcast::models
