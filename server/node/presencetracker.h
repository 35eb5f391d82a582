#pragma once

#include "protocol/frames.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace roomcast::server {

//! Presence per user (not per connection) in every room of this node, with the grace
//! period for unclean exits. Pure logic with caller-supplied time, so it is tested exactly.
class PresenceTracker
{
public:
    struct Change
    {
        bool joined = false;
        std::string room;
        protocol::UserRef user;
    };

    explicit PresenceTracker(std::int64_t graceMs) : m_graceMs(graceMs) {}

    //! One more connection of `user` in `room`; true when a `join` must be announced (the
    //! user's first connection, and not a return within the grace period).
    bool enter(const std::string &room, const protocol::UserRef &user);
    //! One connection fewer. Clean: true when a `leave` must be announced now. Unclean:
    //! the user stays listed until the grace period ends (see expire()); returns false.
    bool exit(const std::string &room, const std::string &userId, bool clean, std::int64_t nowMs);
    //! Leaves whose grace period ended by nowMs; they are removed and must be announced.
    std::vector<Change> expire(std::int64_t nowMs);
    //! When expire() has work next, if ever.
    std::optional<std::int64_t> nextDeadline() const;

    std::vector<protocol::UserRef> users(const std::string &room) const;

private:
    struct Entry
    {
        protocol::UserRef user;
        int connections = 0;
        std::uint64_t pendingLeave = 0; //!< generation of the pending leave, 0 = none
    };
    struct Pending
    {
        std::int64_t dueMs;
        std::string room;
        std::string userId;
        std::uint64_t generation;
    };

    std::int64_t m_graceMs;
    std::uint64_t m_generation = 0;
    std::unordered_map<std::string, std::unordered_map<std::string, Entry>> m_rooms;
    std::deque<Pending> m_pending; //!< constant grace: deadlines arrive in order
};

} // namespace roomcast::server
