#pragma once

#include "protocol/frames.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace roomcast::client {

//! Where each joined room stands and what reaches the UI, as pure logic: resubscription
//! with `since`, deduplication by (room, seq), gap detection with a history fetch, and the
//! "messages may be missing" mark when the server could not recover a room.
class RoomTracker
{
public:
    struct Status
    {
        std::string epoch;
        std::int64_t seq = 0; //!< last seq delivered in order (0 = none)
        bool synced = false;  //!< a `subscribed` arrived for the current session
        std::optional<std::int64_t> missingSinceMs; //!< set when recovered was false after a gap
    };
    //! What the caller must do after an event.
    struct Outcome
    {
        std::vector<protocol::Message> deliver;        //!< new messages, ascending, once each
        std::optional<protocol::HistoryRequest> fetch; //!< ask the server for a gap
    };

    void add(const std::string &room);
    void remove(const std::string &room);
    bool contains(const std::string &room) const;
    std::vector<std::string> rooms() const;
    const Status *status(const std::string &room) const;

    //! The subscribe to send on (re)connect: with `since` once the room has a position.
    protocol::Subscribe subscribeRequest(const std::string &room, int limit = 50) const;
    //! A new session began: every room waits for its `subscribed` again.
    void onDisconnected();

    Outcome onSubscribed(const protocol::Subscribed &subscribed);
    Outcome onMessage(const protocol::Message &message);
    Outcome onHistory(const protocol::HistoryReply &reply);

private:
    struct Room
    {
        Status status;
        std::int64_t lastTsMs = 0;
        std::map<std::int64_t, protocol::Message> ahead; //!< received past a gap, waiting
        bool fetching = false;
        bool hasPosition = false; //!< a `subscribed` fixed the epoch once
        std::int64_t latest = 0;  //!< highest seq known to exist in this epoch
        //! `ahead` of the previous session: valid only if the next `subscribed` keeps the epoch
        std::map<std::int64_t, protocol::Message> carried;
    };
    Outcome drain(Room &room);
    void hold(Room &room, const std::vector<protocol::Message> &messages);
    void skipGap(Room &room);
    void requestGap(const std::string &name, Room &room, Outcome &outcome);
    std::map<std::string, Room> m_rooms;
};

} // namespace roomcast::client
