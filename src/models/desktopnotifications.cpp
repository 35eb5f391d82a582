#include "desktopnotifications.h"

#include <QCoreApplication>

#include "logging.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace roomcast::models {

namespace {
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
} // namespace

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_bus(bus)
{
    if (!m_bus.isConnected())
        return;
    m_bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                  SLOT(onClosed(uint, uint)));
}

bool DesktopNotifications::available() const
{
    return m_bus.isConnected() && m_bus.interface() &&
           m_bus.interface()->isServiceRegistered(kService).value();
}

void DesktopNotifications::show(const QString &room, const QString &title, const QString &body,
                                const QString &level)
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    const uchar urgency = level == QLatin1String("error")  ? 2
                          : level == QLatin1String("info") ? 0
                                                           : 1;
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(urgency));
    // The installed desktop entry and icon (org.roomcast.Roomcast): the server groups, names
    // and decorates the notification by them.
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral(ROOMCAST_APP_ID));
    hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
    call << QStringLiteral("Roomcast") << uint(0) << QStringLiteral(ROOMCAST_APP_ID)
         << QStringLiteral("%1 · #%2").arg(title, room) << body
         << QStringList{QStringLiteral("default"),
                        QCoreApplication::translate("DesktopNotifications", "Open #%1").arg(room)}
         << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, room](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    qCWarning(lcModels)
                        << "desktop notification failed:" << reply.error().message();
                    return;
                }
                m_roomById.insert(reply.value(), room);
                Q_EMIT shown(reply.value());
            });
}

void DesktopNotifications::onActionInvoked(uint id, const QString &actionKey)
{
    Q_UNUSED(actionKey) // "default" (the body clicked) and our one action both open the room
    const QString room = m_roomById.value(id);
    if (!room.isEmpty())
        Q_EMIT activated(room);
}

void DesktopNotifications::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    m_roomById.remove(id);
}

} // namespace roomcast::models
