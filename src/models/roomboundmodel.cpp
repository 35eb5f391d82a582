#include "roomboundmodel.h"

#include "session.h"

namespace roomcast::models {

RoomBoundModel::RoomBoundModel(QObject *parent) : QAbstractListModel(parent)
{
    connect(this, &QAbstractItemModel::rowsInserted, this, &RoomBoundModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &RoomBoundModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &RoomBoundModel::countChanged);
}

RoomBoundModel::~RoomBoundModel()
{
    for (const auto &c : m_connections)
        disconnect(c);
}

void RoomBoundModel::setSession(Session *session)
{
    if (session == m_session)
        return;
    m_session = session;
    reattach();
    Q_EMIT sessionChanged();
}

void RoomBoundModel::setRoom(const QString &room)
{
    if (room == m_room)
        return;
    m_room = room;
    reattach();
    Q_EMIT roomChanged();
}

void RoomBoundModel::track(const QMetaObject::Connection &connection)
{
    m_connections.push_back(connection);
}

void RoomBoundModel::reattach()
{
    for (const auto &c : m_connections)
        disconnect(c);
    m_connections.clear();
    attach();
}

} // namespace roomcast::models
