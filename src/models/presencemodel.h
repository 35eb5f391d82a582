#pragma once

#include "roomboundmodel.h"

#include "protocol/frames.h"

#include <vector>

namespace roomcast::models {

//! Who is in a room now (per user, not per connection, as the server counts), sorted by
//! name with the current user first, so the panel reads the same on every client.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class PresenceModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
public:
    enum Role {
        UserIdRole = Qt::UserRole + 1,
        NameRole,
        SelfRole,     //!< the current user
        InitialsRole, //!< one or two letters for an avatar
        HueRole,      //!< the avatar's colour, stable per user
    };
    Q_ENUM(Role)

    explicit PresenceModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    void attach() override;

private:
    void reload();
    std::vector<protocol::UserRef> m_users;
};

} // namespace roomcast::models
