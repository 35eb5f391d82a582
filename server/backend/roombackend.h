#pragma once

#include "store/appendresult.h"
#include "store/roomstate.h"

#include "search/searchquery.h"

#include "protocol/expected.h"
#include "protocol/frames.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace roomcast::server {

//! What a subscriber gets back from the backend (PROTOCOL.md 3, subscribe).
struct SubscribeRead
{
    RoomState state;
    bool recovered = false;
    std::vector<std::string> history; //!< encoded message events, ascending seq
    std::vector<protocol::UserRef> presence;
};

struct HistoryRead
{
    std::vector<std::string> messages; //!< encoded message events, ascending seq
    bool more = false;
};

//! Presence lists are sorted by user id, whichever backend answers.
void sortById(std::vector<protocol::UserRef> &users);

template <class T> using BackendReply = std::function<void(protocol::Expected<T>)>;

//! Everything a node shares with other nodes, or keeps for good: history, fan-out of room
//! events, presence as the room sees it. Two implementations: LocalBackend (one node, the
//! embedded SQLite store) and ClusterBackend (Redis). The node keeps only its own
//! connections; every event it writes to a socket comes to it through `Events::deliver`,
//! so a room behaves the same whichever node a client is on.
//!
//! Callbacks run on the node's thread, possibly before the call returns (LocalBackend).
class RoomBackend
{
public:
    struct Events
    {
        //! A room event for this node's subscribers, in order; `seq` > 0 for messages (each
        //! seq of a watched room exactly once, ascending), 0 for presence and typing events.
        //! `json` is the event as sent (UTF-8); `exceptUser` (may be empty) must not get it.
        std::function<void(const std::string &room, std::int64_t seq, const QByteArray &json,
                           const std::string &exceptUser)>
            deliver;
        //! The room's history was lost (a new epoch): its subscribers must start over.
        std::function<void(const std::string &room)> reset;
    };

    virtual ~RoomBackend() = default;

    virtual void setEvents(Events events) = 0;

    //! Stores `message` (seq and ts assigned) and, unless it is a duplicate, fans it out to
    //! every node watching the room. `done` runs once, after the message is durable.
    virtual void append(protocol::Message message,
                        std::function<void(const AppendResult &)> done) = 0;

    //! Starts delivering `room`'s events to this node; `ready(true)` once nothing published
    //! from then on can be missed. unwatch() when the node's last subscriber left.
    virtual void watch(const std::string &room, std::function<void(bool)> ready) = 0;
    virtual void unwatch(const std::string &room) = 0;

    virtual void readForSubscribe(const std::string &room,
                                  const std::optional<protocol::Since> &since, int limit,
                                  BackendReply<SubscribeRead> done) = 0;
    virtual void readHistory(const std::string &room, std::optional<std::int64_t> before, int limit,
                             BackendReply<HistoryRead> done) = 0;
    virtual void readPresence(const std::string &room,
                              BackendReply<std::vector<protocol::UserRef>> done) = 0;
    //! Up to `limit` retained messages of `room` matching `query`, newest first.
    virtual void search(const std::string &room, const search::Query &query, int limit,
                        BackendReply<std::vector<protocol::Message>> done) = 0;

    //! This node's first connection of `user` entered `room` (joined) or its last one left
    //! for good (after the grace period). The backend tells every node's subscribers when
    //! the room as a whole gains or loses the user: each change exactly once.
    virtual void announcePresence(const std::string &room, const protocol::UserRef &user,
                                  bool joined, std::int64_t tsMs) = 0;
    virtual void announceTyping(const std::string &room, const protocol::UserRef &user) = 0;

    //! The room's current epoch (what `subscribed` would say), for ids like "<epoch>:<seq>".
    virtual std::string epoch(const std::string &room) const = 0;

    //! Blocks until every accepted append has an outcome (shutdown).
    virtual void flush() = 0;
    virtual bool storeUp() const = 0;
    virtual bool busUp() const = 0;
};

} // namespace roomcast::server
