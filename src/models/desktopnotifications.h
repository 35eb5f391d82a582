#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QObject>

namespace roomcast::models {

//! org.freedesktop.Notifications over QtDBus: shows a notification with an "Open" action and
//! reports which room to open when the person clicks it. Only a transport; whether to
//! notify at all is the Notifier's decision.
class DesktopNotifications : public QObject
{
    Q_OBJECT
public:
    static inline const QString kService = QStringLiteral("org.freedesktop.Notifications");

    //! `bus`: the session bus normally; tests pass a private one.
    explicit DesktopNotifications(const QDBusConnection &bus = QDBusConnection::sessionBus(),
                                  QObject *parent = nullptr);

    //! A notification server is registered on the bus right now.
    bool available() const;
    //! `level`: info, success, warning or error (error is urgent, info is low).
    void show(const QString &room, const QString &title, const QString &body, const QString &level);

Q_SIGNALS:
    //! The notification for `room` was clicked.
    void activated(const QString &room);
    //! The server took it and gave it this id (for tests and logs).
    void shown(uint id);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &actionKey);
    void onClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
    QHash<uint, QString> m_roomById;
};

} // namespace roomcast::models
