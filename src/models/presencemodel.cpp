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
    return {{UserIdRole, "userId"},
            {NameRole, "name"},
            {SelfRole, "self"},
            {InitialsRole, "initials"},
            {HueRole, "hue"}};
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
    }
    return {};
}

void PresenceModel::attach()
{
    reload();
    if (Session *s = session()) {
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
