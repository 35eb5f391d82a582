#pragma once

#include "protocol/frames.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlEngine>

#include <vector>

namespace roomcast::models {

class Session;

//! The joined rooms with what a person scans for: unread counts (live messages only, not
//! the history shown on joining, nor one's own), the last activity, and whether the room
//! may be missing messages after an outage the server could not bridge.
class RoomListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_MOC_INCLUDE("models/session.h")
    QML_ELEMENT
    Q_PROPERTY(
        roomcast::models::Session *session READ session WRITE setSession NOTIFY sessionChanged)
    //! The room on screen: its unread count stays 0.
    Q_PROPERTY(QString currentRoom READ currentRoom WRITE setCurrentRoom NOTIFY currentRoomChanged)
    //! Muted rooms (from Settings): shown, but not counted in totalUnread.
    Q_PROPERTY(QStringList mutedRooms READ mutedRooms WRITE setMutedRooms NOTIFY mutedRoomsChanged)
    //! Whether the current room is muted (for the room header's Mute/Unmute).
    Q_PROPERTY(bool currentMuted READ currentMuted NOTIFY mutedRoomsChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    //! Unread in rooms that are not muted: for the window title.
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        UnreadRole,
        LastActivityRole,     //!< QDateTime of the newest message (invalid when none)
        LastActivityTextRole, //!< "14:02"
        PreviewRole,          //!< "Demo Bot: Good morning…"
        RecoveryTextRole,     //!< "messages may be missing since 14:02", or empty
        MutedRole,
        SyncedRole,  //!< subscribed in the current connection
        EpochRole,   //!< for diagnostics
        SeqRole,     //!< last seq delivered in order
        CurrentRole, //!< it is the currentRoom (delegates cannot see the view's state)
    };
    Q_ENUM(Role)

    explicit RoomListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Session *session() const { return m_session; }
    void setSession(Session *session);
    QString currentRoom() const { return m_current; }
    void setCurrentRoom(const QString &room);
    QStringList mutedRooms() const { return m_muted; }
    void setMutedRooms(const QStringList &rooms);
    int count() const { return rowCount(); }
    bool currentMuted() const { return m_muted.contains(m_current); }
    int totalUnread() const;

    Q_INVOKABLE int indexOf(const QString &room) const;
    Q_INVOKABLE QString roomAt(int row) const;

Q_SIGNALS:
    void sessionChanged();
    void currentRoomChanged();
    void mutedRoomsChanged();
    void countChanged();
    void totalUnreadChanged();

private:
    struct Room
    {
        QString name;
        int unread = 0;
        std::int64_t lastMs = 0;
        QString preview;
    };
    void sync();
    void onAdded(const QString &room, const std::vector<protocol::Message> &added, bool live);
    void changed(int row, const QList<int> &roles = {});

    QPointer<Session> m_session;
    std::vector<QMetaObject::Connection> m_connections;
    std::vector<Room> m_rooms;
    QString m_current;
    QStringList m_muted;
};

} // namespace roomcast::models
