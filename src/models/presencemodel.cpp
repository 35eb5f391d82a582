#include "presencemodel.h"

#include "avatar.h"
#include "session.h"

#include "client/roomsclient.h"

#include <algorithm>

namespace roomcast::models {

PresenceModel::PresenceModel(QObject *parent) : RoomBoundModel(parent) {}

int PresenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    return {{UserIdRole, "userId"},     {NameRole, "name"}, {SelfRole, "self"},
            {InitialsRole, "initials"}, {HueRole, "hue"},   {LiveRole, "live"},
            {LastSeenRole, "lastSeen"}};
}

QVariant PresenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::UserRef &u = m_users[std::size_t(index.row())];
    const QString name = QString::fromStdString(u.name.empty() ? u.id : u.name);
    switch (Role(role)) {
    case UserIdRole:
        return QString::fromStdString(u.id);
    case NameRole:
        return name;
    case SelfRole:
        return session() && QString::fromStdString(u.id) == session()->userId();
    case InitialsRole:
        return initials(name);
    case HueRole:
        return hueOf(u.id);
    case LiveRole:
        return m_live;
    case LastSeenRole:
        return m_live || !m_staleSince.isValid()
                   ? QString()
                   : tr("last seen %1").arg(m_staleSince.toString(QStringLiteral("HH:mm")));
    }
    return {};
}

QString PresenceModel::staleText() const
{
    if (m_live || room().isEmpty() || !session())
        return {};
    const QString since =
        m_staleSince.isValid() ? m_staleSince.toString(QStringLiteral("HH:mm")) : QString();
    if (since.isEmpty())
        return session()->connected() ? tr("Loading…") : tr("Offline");
    return session()->connected() ? tr("Catching up since %1 · shown as last known").arg(since)
                                  : tr("Offline since %1 · shown as last known").arg(since);
}

void PresenceModel::updateLive()
{
    const Session *s = session();
    const auto *status =
        s && !room().isEmpty() ? s->client()->status(room().toStdString()) : nullptr;
    const bool live = s && s->connected() && status && status->synced;
    if (live != m_live) {
        m_live = live;
        if (!live && !m_users.empty())
            m_staleSince = m_clock(); // an empty panel has nothing that could be stale
        else if (live)
            m_staleSince = QDateTime();
        if (!m_users.empty())
            Q_EMIT dataChanged(index(0), index(int(m_users.size()) - 1), {LiveRole, LastSeenRole});
    } else if (staleText() == m_announcedStaleText) {
        return; // the banner changed (a ping's round trip), nothing shown here did
    }
    m_announcedStaleText = staleText();
    Q_EMIT liveChanged(); // also "Offline" -> "Catching up" while still not live
}

void PresenceModel::attach()
{
    m_live = false;
    m_announcedStaleText = QString();
    m_staleSince = QDateTime();
    reload();
    updateLive();
    if (Session *s = session()) {
        track(connect(s, &Session::bannerChanged, this, &PresenceModel::updateLive));
        track(connect(s->client(), &client::RoomsClient::roomStatusChanged, this,
                      [this](const QString &room) {
                          if (room == this->room())
                              updateLive();
                      }));
        track(connect(s->client(), &client::RoomsClient::presenceChanged, this,
                      [this](const QString &room) {
                          if (room == this->room())
                              reload();
                      }));
        track(connect(s, &Session::userChanged, this, &PresenceModel::reload));
    }
}

void PresenceModel::reload()
{
    beginResetModel();
    m_users.clear();
    if (session() && !room().isEmpty())
        m_users = session()->client()->presence(room().toStdString());
    const std::string self = session() ? session()->userId().toStdString() : std::string();
    std::stable_sort(m_users.begin(), m_users.end(),
                     [&](const protocol::UserRef &a, const protocol::UserRef &b) {
                         if ((a.id == self) != (b.id == self))
                             return a.id == self;
                         return QString::fromStdString(a.name).compare(
                                    QString::fromStdString(b.name), Qt::CaseInsensitive) < 0;
                     });
    endResetModel();
}

} // namespace roomcast::models
