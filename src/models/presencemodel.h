#pragma once

#include "roomboundmodel.h"

#include "protocol/frames.h"

#include <QDateTime>

#include <functional>
#include <vector>

namespace roomcast::models {

//! Who is in a room now (per user, not per connection, as the server counts), sorted by
//! name with the current user first, so the panel reads the same on every client.
//!
//! Honest when offline: the room is `live` only while the session is connected and the
//! room's `subscribed` of this connection has arrived. Otherwise the rows are the last known
//! presence (`live` false, `lastSeen` "last seen 13:31") and `staleText` says since when the
//! view may be out of date; all of it turns live again with the resubscribe.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class PresenceModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool live READ live NOTIFY liveChanged)
    //! Empty while live, else e.g. "Offline since 13:31 · shown as last known".
    Q_PROPERTY(QString staleText READ staleText NOTIFY liveChanged)
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1,
        NameRole,
        SelfRole,     //!< the current user
        InitialsRole, //!< one or two letters for an avatar
        HueRole,      //!< the avatar's colour, stable per user
        LiveRole,     //!< known to be here now (false: last known, while not live)
        LastSeenRole, //!< "last seen 13:31" while not live, else empty
    };
    Q_ENUM(Role)

    explicit PresenceModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool live() const { return m_live; }
    QString staleText() const;
    //! Wall-clock time of the moment the room stopped being live; tests inject it.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

Q_SIGNALS:
    void liveChanged();

protected:
    void attach() override;

private:
    void reload();
    void updateLive();
    std::vector<protocol::UserRef> m_users;
    bool m_live = false;
    QDateTime m_staleSince;       //!< when it stopped being live (invalid: never was)
    QString m_announcedStaleText; //!< staleText() at the last liveChanged()
    std::function<QDateTime()> m_clock = [] { return QDateTime::currentDateTime(); };
};

} // namespace roomcast::models
