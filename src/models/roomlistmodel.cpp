#include "roomlistmodel.h"

#include <QCoreApplication>

#include "format.h"
#include "messagestore.h"
#include "session.h"

#include "client/roomsclient.h"

#include <QDateTime>

#include <algorithm>

namespace roomcast::models {

namespace {
QString previewOf(const protocol::Message &m)
{
    const QString sender = QString::fromStdString(m.from.name.empty() ? m.from.id : m.from.name);
    const QString kind = format::kindName(m.kind);
    if (kind == QLatin1String("chat"))
        return sender + QStringLiteral(": ") + format::bodyString(m.body, "text");
    if (kind == QLatin1String("notification"))
        return format::bodyString(m.body, "title");
    if (kind == QLatin1String("metric")) {
        const auto value = m.body.value("value", protocol::Json(0.0));
        return format::bodyString(m.body, "name") + QStringLiteral(" ") +
               format::metricValueText(value.is_number() ? value.get<double>() : 0.0,
                                       format::bodyString(m.body, "unit"));
    }
    return QCoreApplication::translate("RoomListModel", "%1 sent “%2”").arg(sender, QString::fromStdString(m.kind));
}
} // namespace

RoomListModel::RoomListModel(QObject *parent) : QAbstractListModel(parent)
{
    connect(this, &QAbstractItemModel::rowsInserted, this, &RoomListModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &RoomListModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &RoomListModel::countChanged);
}

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rooms.size());
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    return {{NameRole, "name"},
            {UnreadRole, "unread"},
            {LastActivityRole, "lastActivity"},
            {LastActivityTextRole, "lastActivityText"},
            {PreviewRole, "preview"},
            {RecoveryTextRole, "recoveryText"},
            {MutedRole, "muted"},
            {SyncedRole, "synced"},
            {EpochRole, "epoch"},
            {SeqRole, "seq"},
            {CurrentRole, "current"}};
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Room &r = m_rooms[std::size_t(index.row())];
    const auto *status = m_session ? m_session->client()->status(r.name.toStdString()) : nullptr;
    const std::int64_t now = m_session ? m_session->nowMs() : 0;
    switch (Role(role)) {
    case NameRole:
        return r.name;
    case UnreadRole:
        return r.unread;
    case LastActivityRole:
        return r.lastMs > 0 ? QDateTime::fromMSecsSinceEpoch(r.lastMs) : QDateTime();
    case LastActivityTextRole:
        return r.lastMs > 0 ? format::timeText(r.lastMs, now) : QString();
    case PreviewRole:
        return r.preview;
    case RecoveryTextRole:
        if (status && status->missingSinceMs)
            return QCoreApplication::translate("RoomListModel", "messages may be missing since %1")
                .arg(format::timeText(*status->missingSinceMs, now));
        return QString();
    case MutedRole:
        return m_muted.contains(r.name);
    case SyncedRole:
        return status && status->synced;
    case EpochRole:
        return status ? QString::fromStdString(status->epoch) : QString();
    case SeqRole:
        return status ? qint64(status->seq) : qint64(0);
    case CurrentRole:
        return r.name == m_current;
    }
    return {};
}

void RoomListModel::setSession(Session *session)
{
    if (session == m_session)
        return;
    for (const auto &c : m_connections)
        disconnect(c);
    m_connections.clear();
    beginResetModel();
    m_rooms.clear();
    m_session = session;
    endResetModel();
    if (session) {
        m_connections.push_back(
            connect(session, &Session::roomsChanged, this, &RoomListModel::sync));
        m_connections.push_back(
            connect(session->store(), &MessageStore::messagesAdded, this, &RoomListModel::onAdded));
        m_connections.push_back(connect(session->client(), &client::RoomsClient::roomStatusChanged,
                                        this, [this](const QString &room) {
                                            sync();
                                            changed(indexOf(room));
                                        }));
        sync();
    }
    Q_EMIT sessionChanged();
    Q_EMIT totalUnreadChanged();
}

void RoomListModel::setCurrentRoom(const QString &room)
{
    if (room == m_current)
        return;
    const int previous = indexOf(m_current);
    m_current = room;
    changed(previous, {CurrentRole});
    const int row = indexOf(room);
    changed(row, {CurrentRole});
    if (row >= 0 && m_rooms[std::size_t(row)].unread > 0) {
        m_rooms[std::size_t(row)].unread = 0;
        changed(row, {UnreadRole});
        Q_EMIT totalUnreadChanged();
    }
    Q_EMIT currentRoomChanged();
    Q_EMIT mutedRoomsChanged(); // currentMuted
}

void RoomListModel::setMutedRooms(const QStringList &rooms)
{
    if (rooms == m_muted)
        return;
    m_muted = rooms;
    if (!m_rooms.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {MutedRole});
    Q_EMIT mutedRoomsChanged();
    Q_EMIT totalUnreadChanged();
}

int RoomListModel::totalUnread() const
{
    int total = 0;
    for (const Room &r : m_rooms) {
        if (!m_muted.contains(r.name))
            total += r.unread;
    }
    return total;
}

int RoomListModel::indexOf(const QString &room) const
{
    for (std::size_t i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms[i].name == room)
            return int(i);
    }
    return -1;
}

QString RoomListModel::roomAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rooms[std::size_t(row)].name : QString();
}

void RoomListModel::sync()
{
    if (!m_session)
        return;
    const QStringList wanted = m_session->rooms(); // in the order joined
    for (int i = rowCount() - 1; i >= 0; --i) {
        if (!wanted.contains(m_rooms[std::size_t(i)].name)) {
            beginRemoveRows({}, i, i);
            m_rooms.erase(m_rooms.begin() + i);
            endRemoveRows();
        }
    }
    for (int row = 0; row < int(wanted.size()); ++row) {
        const QString &name = wanted.at(row);
        if (indexOf(name) >= 0)
            continue;
        Room room;
        room.name = name;
        const auto &known = m_session->store()->messages(name);
        if (!known.empty()) {
            room.lastMs = known.back().tsMs;
            room.preview = previewOf(known.back());
        }
        const int at = std::min(row, rowCount());
        beginInsertRows({}, at, at);
        m_rooms.insert(m_rooms.begin() + at, std::move(room));
        endInsertRows();
    }
    Q_EMIT totalUnreadChanged();
}

void RoomListModel::onAdded(const QString &room, const std::vector<protocol::Message> &added,
                            bool live)
{
    const int row = indexOf(room);
    if (row < 0 || added.empty())
        return;
    Room &r = m_rooms[std::size_t(row)];
    const std::string self = m_session ? m_session->userId().toStdString() : std::string();
    if (live && room != m_current) {
        r.unread += int(std::count_if(added.begin(), added.end(), [&](const protocol::Message &m) {
            return m.from.id != self;
        }));
    }
    const auto newest = std::max_element(
        added.begin(), added.end(),
        [](const protocol::Message &a, const protocol::Message &b) { return a.seq < b.seq; });
    if (newest->tsMs >= r.lastMs) {
        r.lastMs = newest->tsMs;
        r.preview = previewOf(*newest);
    }
    changed(row);
    Q_EMIT totalUnreadChanged();
}

void RoomListModel::changed(int row, const QList<int> &roles)
{
    if (row >= 0 && row < rowCount())
        Q_EMIT dataChanged(index(row), index(row), roles);
}

} // namespace roomcast::models
