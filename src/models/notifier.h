#pragma once

#include "protocol/frames.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>

#include <functional>
#include <vector>

namespace roomcast::models {

class DesktopNotifications;
class Session;

//! Turns live `notification` messages into something a person notices: an in-app toast
//! while the window is active, a desktop notification (org.freedesktop.Notifications)
//! while it is not, the toast again when no notification server exists. Muted rooms and
//! the history shown on joining never notify.
class Notifier : public QObject
{
    Q_OBJECT
    Q_MOC_INCLUDE("models/session.h")
    QML_ELEMENT
    Q_PROPERTY(
        roomcast::models::Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QStringList mutedRooms MEMBER m_muted NOTIFY mutedRoomsChanged)
    //! The room on screen: while the window is active its notifications need no toast.
    Q_PROPERTY(QString currentRoom MEMBER m_currentRoom NOTIFY currentRoomChanged)
    //! Bind to the application's active state.
    Q_PROPERTY(bool appActive MEMBER m_appActive NOTIFY appActiveChanged)
    //! The person's choice (Settings.desktopNotifications).
    Q_PROPERTY(bool desktopEnabled MEMBER m_desktopEnabled NOTIFY desktopEnabledChanged)
    //! Mute all (the tray's menu): nothing is shown, not even a toast.
    Q_PROPERTY(bool allMuted MEMBER m_allMuted NOTIFY allMutedChanged)
    //! A notification server exists on the session bus.
    Q_PROPERTY(bool desktopAvailable READ desktopAvailable NOTIFY desktopAvailableChanged)
public:
    explicit Notifier(QObject *parent = nullptr);
    ~Notifier() override;

    Session *session() const { return m_session; }
    void setSession(Session *session);
    bool desktopAvailable() const;
    //! For tests: a transport on a private bus.
    void setDesktop(DesktopNotifications *desktop);

    //! Routes one notification (what a live `notification` message leads to).
    Q_INVOKABLE void notify(const QString &room, const QString &title, const QString &text,
                            const QString &level);

Q_SIGNALS:
    void sessionChanged();
    void mutedRoomsChanged();
    void currentRoomChanged();
    void appActiveChanged();
    void desktopEnabledChanged();
    void allMutedChanged();
    void desktopAvailableChanged();
    //! Show an in-app toast.
    void toast(const QString &room, const QString &title, const QString &text,
               const QString &level);
    //! The person asked to see this room (clicked a desktop notification).
    void roomActivated(const QString &room);

private:
    void onAdded(const QString &room, const std::vector<protocol::Message> &added, bool live);

    QPointer<Session> m_session;
    QMetaObject::Connection m_connection;
    DesktopNotifications *m_desktop = nullptr;
    QStringList m_muted;
    QString m_currentRoom;
    bool m_appActive = true;
    bool m_desktopEnabled = true;
    bool m_allMuted = false;
};

} // namespace roomcast::models
