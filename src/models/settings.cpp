#include "settings.h"

#include "tokenvault.h"

#include <QSettings>

namespace roomcast::models {

namespace {
const QString kUrl = QStringLiteral("server/url");
const QString kRooms = QStringLiteral("rooms/joined");
const QString kMuted = QStringLiteral("rooms/muted");
const QString kDesktop = QStringLiteral("display/desktopNotifications");
const QString kMuteAll = QStringLiteral("display/muteAll");
const QString kKeepInTray = QStringLiteral("display/keepInTray");
} // namespace

Settings::Settings(std::unique_ptr<QSettings> store, std::unique_ptr<Keyring> keyring,
                   QObject *parent)
    : QObject(parent), m_store(store ? std::move(store) : std::make_unique<QSettings>()),
      m_vault(std::make_unique<TokenVault>(m_store.get(), std::move(keyring)))
{
    m_muted = m_store->value(kMuted).toStringList();
}

Settings::~Settings() = default;

Settings *Settings::instance()
{
    static Settings *s = new Settings(nullptr, Keyring::secretService());
    return s;
}

Settings *Settings::create(QQmlEngine *, QJSEngine *)
{
    Settings *s = instance();
    QJSEngine::setObjectOwnership(s, QJSEngine::CppOwnership);
    return s;
}

QString Settings::serverUrl() const
{
    return m_urlOverride.value_or(m_store->value(kUrl).toString());
}

void Settings::setServerUrl(const QString &url)
{
    if (url == serverUrl())
        return;
    if (m_urlOverride)
        m_urlOverride = url;
    else
        m_store->setValue(kUrl, url);
    m_store->sync();
    Q_EMIT serverUrlChanged();
    if (!m_tokenOverride)
        Q_EMIT tokenChanged(); // the keychain keeps a token per server
}

QString Settings::token() const
{
    if (m_tokenOverride)
        return *m_tokenOverride;
    const QString server = serverUrl();
    if (!m_tokenCache || m_tokenCache->first != server)
        m_tokenCache = std::pair(server, m_vault->read(server));
    return m_tokenCache->second;
}

void Settings::setToken(const QString &token)
{
    if (token == this->token())
        return;
    if (m_tokenOverride) {
        m_tokenOverride = token;
    } else {
        const QString server = serverUrl();
        m_vault->write(server, token);
        m_tokenCache = std::pair(server, token);
    }
    Q_EMIT tokenChanged();
}

QStringList Settings::rooms() const
{
    return m_roomsOverride.value_or(m_store->value(kRooms).toStringList());
}

void Settings::setRooms(const QStringList &rooms)
{
    if (rooms == this->rooms())
        return;
    if (m_roomsOverride)
        m_roomsOverride = rooms;
    else
        m_store->setValue(kRooms, rooms);
    m_store->sync();
    Q_EMIT roomsChanged();
}

bool Settings::desktopNotifications() const
{
    return m_store->value(kDesktop, true).toBool();
}

void Settings::setDesktopNotifications(bool on)
{
    if (on == desktopNotifications())
        return;
    m_store->setValue(kDesktop, on);
    m_store->sync();
    Q_EMIT desktopNotificationsChanged();
}

bool Settings::muteAll() const
{
    return m_store->value(kMuteAll, false).toBool();
}

void Settings::setMuteAll(bool on)
{
    if (on == muteAll())
        return;
    m_store->setValue(kMuteAll, on);
    m_store->sync();
    Q_EMIT muteAllChanged();
}

bool Settings::keepInTray() const
{
    return m_store->value(kKeepInTray, true).toBool();
}

void Settings::setKeepInTray(bool on)
{
    if (on == keepInTray())
        return;
    m_store->setValue(kKeepInTray, on);
    m_store->sync();
    Q_EMIT keepInTrayChanged();
}

void Settings::setMuted(const QString &room, bool muted)
{
    if (muted == m_muted.contains(room))
        return;
    if (muted)
        m_muted.append(room);
    else
        m_muted.removeAll(room);
    m_store->setValue(kMuted, m_muted);
    m_store->sync();
    Q_EMIT mutedRoomsChanged();
}

void Settings::overrideServer(const QString &url, const QString &token)
{
    if (!url.isEmpty()) {
        m_urlOverride = url;
        Q_EMIT serverUrlChanged();
    }
    if (!token.isEmpty()) {
        m_tokenOverride = token;
        Q_EMIT tokenChanged();
    }
}

void Settings::overrideRooms(const QStringList &rooms)
{
    if (rooms.isEmpty())
        return;
    m_roomsOverride = rooms;
    Q_EMIT roomsChanged();
}

} // namespace roomcast::models
