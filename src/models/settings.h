#pragma once

#include "keyring.h"

#include <QObject>
#include <QQmlEngine>
#include <QSettings>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>

namespace roomcast::models {

class TokenVault;

//! What the app remembers between runs (server, token, rooms, muted rooms, display choices),
//! in QSettings. Values given on the command line override them for one run and are never
//! written back, so a demo script cannot clobber a person's setup.
class Settings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    //! ws://host:port/ws of the node to use.
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    //! The token for `hello`, of the server in serverUrl. Kept in the desktop's keychain
    //! when there is one, else in the settings file (mode 0600, obfuscated): see TokenVault.
    Q_PROPERTY(QString token READ token WRITE setToken NOTIFY tokenChanged)
    //! Rooms to join at start, in the order the person joined them.
    Q_PROPERTY(QStringList rooms READ rooms WRITE setRooms NOTIFY roomsChanged)
    //! Rooms that neither notify nor count towards the window's unread total.
    Q_PROPERTY(QStringList mutedRooms READ mutedRooms NOTIFY mutedRoomsChanged)
    //! Desktop notifications when the window is not active (the in-app toast stays).
    Q_PROPERTY(bool desktopNotifications READ desktopNotifications WRITE setDesktopNotifications
                   NOTIFY desktopNotificationsChanged)
    //! Every notification off (toasts, desktop, the tray's attention), from the tray menu.
    Q_PROPERTY(bool muteAll READ muteAll WRITE setMuteAll NOTIFY muteAllChanged)
    //! Closing the window keeps the app running in the tray, when there is a tray.
    Q_PROPERTY(bool keepInTray READ keepInTray WRITE setKeepInTray NOTIFY keepInTrayChanged)
public:
    //! `store` null: the application's default QSettings. `keyring` null: the token stays
    //! in `store` (instance() passes Keyring::secretService()).
    //! Not default-constructible on purpose: QML must use create(), the one instance.
    Settings(std::unique_ptr<QSettings> store, std::unique_ptr<Keyring> keyring,
             QObject *parent = nullptr);
    ~Settings() override;

    static Settings *instance();
    static Settings *create(QQmlEngine *, QJSEngine *);

    QString serverUrl() const;
    void setServerUrl(const QString &url);
    QString token() const;
    void setToken(const QString &token);
    QStringList rooms() const;
    void setRooms(const QStringList &rooms);
    QStringList mutedRooms() const { return m_muted; }
    bool desktopNotifications() const;
    void setDesktopNotifications(bool on);
    bool muteAll() const;
    void setMuteAll(bool on);
    bool keepInTray() const;
    void setKeepInTray(bool on);

    Q_INVOKABLE void setMuted(const QString &room, bool muted);
    Q_INVOKABLE bool isMuted(const QString &room) const { return m_muted.contains(room); }

    //! Command-line values: used for this run only. Empty arguments leave a value alone.
    void overrideServer(const QString &url, const QString &token);
    void overrideRooms(const QStringList &rooms);

Q_SIGNALS:
    void serverUrlChanged();
    void tokenChanged();
    void roomsChanged();
    void mutedRoomsChanged();
    void desktopNotificationsChanged();
    void muteAllChanged();
    void keepInTrayChanged();

private:
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<TokenVault> m_vault;
    //! The stored token of the server it was read for (a keychain read is a D-Bus call).
    mutable std::optional<std::pair<QString, QString>> m_tokenCache;
    std::optional<QString> m_urlOverride;
    std::optional<QString> m_tokenOverride;
    std::optional<QStringList> m_roomsOverride;
    QStringList m_muted;
};

} // namespace roomcast::models
