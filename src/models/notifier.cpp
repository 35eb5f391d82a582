#include "notifier.h"

#include "desktopnotifications.h"
#include "format.h"
#include "logging.h"
#include "messagestore.h"
#include "session.h"

namespace roomcast::models {

Notifier::Notifier(QObject *parent) : QObject(parent)
{
    setDesktop(new DesktopNotifications(QDBusConnection::sessionBus(), this));
}

Notifier::~Notifier() = default;

void Notifier::setDesktop(DesktopNotifications *desktop)
{
    if (m_desktop && m_desktop->parent() == this && m_desktop != desktop)
        m_desktop->deleteLater();
    m_desktop = desktop;
    connect(desktop, &DesktopNotifications::activated, this, &Notifier::roomActivated);
    Q_EMIT desktopAvailableChanged();
}

bool Notifier::desktopAvailable() const
{
    return m_desktop && m_desktop->available();
}

void Notifier::setSession(Session *session)
{
    if (session == m_session)
        return;
    disconnect(m_connection);
    m_session = session;
    if (session)
        m_connection =
            connect(session->store(), &MessageStore::messagesAdded, this, &Notifier::onAdded);
    Q_EMIT sessionChanged();
}

void Notifier::notify(const QString &room, const QString &title, const QString &text,
                      const QString &level)
{
    if (m_allMuted || m_muted.contains(room))
        return;
    if (!m_appActive && m_desktopEnabled && desktopAvailable()) {
        m_desktop->show(room, title, text, level);
        return;
    }
    if (m_appActive && room == m_currentRoom)
        return; // already in front of the person
    Q_EMIT toast(room, title, text, level);
}

void Notifier::onAdded(const QString &room, const std::vector<protocol::Message> &added, bool live)
{
    if (!live)
        return;
    const std::string self = m_session ? m_session->userId().toStdString() : std::string();
    for (const protocol::Message &m : added) {
        if (m.kind != "notification" || (!self.empty() && m.from.id == self))
            continue;
        QString level = format::bodyString(m.body, "level");
        if (level.isEmpty())
            level = QStringLiteral("info");
        notify(room, format::bodyString(m.body, "title"), format::bodyString(m.body, "text"),
               level);
    }
}

} // namespace roomcast::models
