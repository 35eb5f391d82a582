#include "node/presencetracker.h"

#include <algorithm>

namespace roomcast::server {

bool PresenceTracker::enter(const std::string &room, const protocol::UserRef &user)
{
    Entry &e = m_rooms[room][user.id];
    const bool wasListed = e.connections > 0 || e.pendingLeave != 0;
    e.user = user;
    ++e.connections;
    e.pendingLeave = 0; // a return within the grace period cancels the leave
    return !wasListed;
}

bool PresenceTracker::exit(const std::string &room, const std::string &userId, bool clean,
                           std::int64_t nowMs)
{
    auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end())
        return false;
    auto it = roomIt->second.find(userId);
    if (it == roomIt->second.end() || it->second.connections == 0)
        return false;
    Entry &e = it->second;
    if (--e.connections > 0)
        return false;
    if (clean) {
        roomIt->second.erase(it);
        if (roomIt->second.empty())
            m_rooms.erase(roomIt);
        return true;
    }
    e.pendingLeave = ++m_generation;
    m_pending.push_back(Pending{nowMs + m_graceMs, room, userId, e.pendingLeave});
    return false;
}

std::vector<PresenceTracker::Change> PresenceTracker::expire(std::int64_t nowMs)
{
    std::vector<Change> changes;
    while (!m_pending.empty() && m_pending.front().dueMs <= nowMs) {
        const Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        auto roomIt = m_rooms.find(p.room);
        if (roomIt == m_rooms.end())
            continue;
        auto it = roomIt->second.find(p.userId);
        if (it == roomIt->second.end() || it->second.pendingLeave != p.generation)
            continue; // came back (or left cleanly) in the meantime
        changes.push_back(Change{false, p.room, it->second.user});
        roomIt->second.erase(it);
        if (roomIt->second.empty())
            m_rooms.erase(roomIt);
    }
    return changes;
}

std::optional<std::int64_t> PresenceTracker::nextDeadline() const
{
    if (m_pending.empty())
        return std::nullopt;
    return m_pending.front().dueMs;
}

std::vector<protocol::UserRef> PresenceTracker::users(const std::string &room) const
{
    std::vector<protocol::UserRef> out;
    auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end())
        return out;
    out.reserve(roomIt->second.size());
    for (const auto &[id, e] : roomIt->second)
        out.push_back(e.user);
    std::sort(out.begin(), out.end(),
              [](const protocol::UserRef &a, const protocol::UserRef &b) { return a.id < b.id; });
    return out;
}

} // namespace roomcast::server
