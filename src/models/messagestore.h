#pragma once

#include "protocol/frames.h"

#include <QObject>
#include <QString>

#include <map>
#include <vector>

namespace roomcast::client {
class RoomsClient;
}

namespace roomcast::models {

//! What each joined room has received in this run, kept once so that a model created later
//! (switching rooms, a second view) starts with the room's history instead of an empty list.
//! It also tells live messages from history: a room's batches before its first `subscribed`
//! completed are history; everything after is live (counts as unread, may notify).
class MessageStore : public QObject
{
    Q_OBJECT
public:
    //! Enough for a session of scrolling back; older ones are dropped from memory only.
    static constexpr std::size_t kMaxPerRoom = 2000;

    explicit MessageStore(client::RoomsClient *client, QObject *parent = nullptr);

    //! Ascending by seq, no duplicates.
    const std::vector<protocol::Message> &messages(const QString &room) const;
    bool hasSynced(const QString &room) const;
    //! Every joined room has had its first `subscribed` (the app's "loaded" moment).
    bool allSynced() const;

Q_SIGNALS:
    //! Messages new to the store, ascending; `live` is false for a room's initial history.
    void messagesAdded(const QString &room, const std::vector<roomcast::protocol::Message> &added,
                       bool live);
    //! The room's history was reset (a new epoch, or the room was left): reload from scratch.
    void roomReset(const QString &room);
    void syncChanged();

private:
    struct Room
    {
        std::vector<protocol::Message> messages;
        std::string epoch;
        bool synced = false;
    };
    void onMessages(const QString &room, const std::vector<protocol::Message> &messages);
    void onStatus(const QString &room);

    client::RoomsClient *m_client;
    std::map<QString, Room> m_rooms;
};

} // namespace roomcast::models
