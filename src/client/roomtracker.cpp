#include "roomtracker.h"

#include "logging.h"

#include <QString>

#include <algorithm>
#include <iterator>

namespace roomcast::client {

namespace {

//! PROTOCOL.md section 9: a history request asks for 1-500 messages.
constexpr std::int64_t kMaxHistoryLimit = 500;

QString roomName(const std::string &room)
{
    return QString::fromStdString(room);
}

} // namespace

void RoomTracker::add(const std::string &room)
{
    m_rooms.try_emplace(room);
}

void RoomTracker::remove(const std::string &room)
{
    m_rooms.erase(room);
}

bool RoomTracker::contains(const std::string &room) const
{
    return m_rooms.count(room) != 0;
}

std::vector<std::string> RoomTracker::rooms() const
{
    std::vector<std::string> names;
    names.reserve(m_rooms.size());
    for (const auto &entry : m_rooms)
        names.push_back(entry.first);
    return names;
}

const RoomTracker::Status *RoomTracker::status(const std::string &room) const
{
    const auto it = m_rooms.find(room);
    return it == m_rooms.end() ? nullptr : &it->second.status;
}

protocol::Subscribe RoomTracker::subscribeRequest(const std::string &room, int limit) const
{
    protocol::Subscribe request;
    request.room = room;
    request.limit = std::clamp(limit, 1, static_cast<int>(kMaxHistoryLimit));
    const auto it = m_rooms.find(room);
    if (it != m_rooms.end() && it->second.hasPosition)
        request.since = protocol::Since{it->second.status.epoch, it->second.status.seq};
    return request;
}

void RoomTracker::onDisconnected()
{
    for (auto &[name, room] : m_rooms) {
        room.status.synced = false;
        room.fetching = false;
        // What waited past a gap stays useful if the server keeps the epoch; the next
        // `subscribed` decides (messages of the new session are buffered in `ahead`).
        room.carried.merge(room.ahead);
        room.ahead.clear();
    }
}

RoomTracker::Outcome RoomTracker::onSubscribed(const protocol::Subscribed &subscribed)
{
    const auto it = m_rooms.find(subscribed.room);
    if (it == m_rooms.end()) {
        qCDebug(lcClient) << "subscribed for a room not joined:" << roomName(subscribed.room);
        return {};
    }
    Room &room = it->second;
    Status &status = room.status;
    // A room whose latest seq fell below our position lost history without a new epoch:
    // treat it as a new history rather than drop its next messages as duplicates.
    const bool sameEpoch =
        room.hasPosition && status.epoch == subscribed.epoch && subscribed.seq >= status.seq;
    status.synced = true;
    room.fetching = false;

    if (sameEpoch) {
        room.ahead.merge(room.carried);
        room.carried.clear();
        room.latest = std::max(room.latest, subscribed.seq);
        hold(room, subscribed.history);
        if (!subscribed.recovered && !room.ahead.empty() &&
            room.ahead.begin()->first > status.seq + 1) {
            // The gap was too long to recover: show what the server sent, say what is missing.
            qCInfo(lcClient) << "room" << roomName(subscribed.room) << "was not recovered";
            skipGap(room);
        }
    } else {
        if (room.hasPosition) {
            qCInfo(lcClient) << "room" << roomName(subscribed.room) << "has a new history, epoch"
                             << QString::fromStdString(subscribed.epoch);
            status.missingSinceMs = room.lastTsMs;
        }
        room.carried.clear();
        room.hasPosition = true;
        status.epoch = subscribed.epoch;
        status.seq =
            subscribed.history.empty() ? subscribed.seq : subscribed.history.front().seq - 1;
        room.latest = subscribed.seq;
        hold(room, subscribed.history);
    }

    if (!room.ahead.empty()) // live messages that came before this reply
        room.latest = std::max(room.latest, room.ahead.rbegin()->first);
    Outcome outcome = drain(room);
    requestGap(it->first, room, outcome);
    return outcome;
}

RoomTracker::Outcome RoomTracker::onMessage(const protocol::Message &message)
{
    const auto it = m_rooms.find(message.room);
    if (it == m_rooms.end())
        return {};
    Room &room = it->second;
    if (!room.status.synced) {
        // Resolved by the coming `subscribed` (its epoch decides what these belong to).
        room.ahead.try_emplace(message.seq, message);
        return {};
    }
    if (message.seq <= room.status.seq || room.ahead.count(message.seq) != 0)
        return {}; // duplicate
    hold(room, {message});
    Outcome outcome = drain(room);
    requestGap(it->first, room, outcome);
    return outcome;
}

RoomTracker::Outcome RoomTracker::onHistory(const protocol::HistoryReply &reply)
{
    const auto it = m_rooms.find(reply.room);
    if (it == m_rooms.end() || !it->second.status.synced)
        return {};
    Room &room = it->second;
    const bool answersFetch = room.fetching;
    room.fetching = false;
    const std::int64_t before = room.status.seq;

    hold(room, reply.messages);
    Outcome outcome = drain(room);
    if (answersFetch && room.status.seq == before && room.latest > room.status.seq) {
        // We asked for the first missing message and it did not come: the server no
        // longer has it (retention). Skip to what exists and say so.
        skipGap(room);
        Outcome more = drain(room);
        std::move(more.deliver.begin(), more.deliver.end(), std::back_inserter(outcome.deliver));
    }
    requestGap(it->first, room, outcome);
    return outcome;
}

RoomTracker::Outcome RoomTracker::drain(Room &room)
{
    Outcome outcome;
    while (!room.ahead.empty() && room.ahead.begin()->first <= room.status.seq + 1) {
        auto node = room.ahead.extract(room.ahead.begin());
        if (node.key() <= room.status.seq)
            continue; // already delivered
        room.status.seq = node.key();
        room.lastTsMs = node.mapped().tsMs;
        outcome.deliver.push_back(std::move(node.mapped()));
    }
    return outcome;
}

void RoomTracker::hold(Room &room, const std::vector<protocol::Message> &messages)
{
    for (const protocol::Message &message : messages) {
        if (message.seq <= room.status.seq)
            continue;
        room.latest = std::max(room.latest, message.seq);
        room.ahead.try_emplace(message.seq, message);
    }
}

void RoomTracker::skipGap(Room &room)
{
    const std::int64_t to = room.ahead.empty() ? room.latest : room.ahead.begin()->first - 1;
    qCInfo(lcClient) << "messages" << room.status.seq + 1 << "to" << to << "of epoch"
                     << QString::fromStdString(room.status.epoch) << "are no longer available";
    room.status.missingSinceMs = room.lastTsMs;
    room.status.seq = std::max(room.status.seq, to);
}

void RoomTracker::requestGap(const std::string &name, Room &room, Outcome &outcome)
{
    if (!room.status.synced || room.fetching || room.latest <= room.status.seq)
        return;
    // First missing range: status.seq+1 .. end. History returns the latest `limit` before
    // `before`, so a long gap is fetched from its bottom, one page at a time.
    const std::int64_t end = room.ahead.empty() ? room.latest : room.ahead.begin()->first - 1;
    const std::int64_t count = std::min(kMaxHistoryLimit, end - room.status.seq);
    protocol::HistoryRequest request;
    request.room = name;
    request.before = room.status.seq + 1 + count;
    request.limit = static_cast<int>(count);
    room.fetching = true;
    outcome.fetch = std::move(request);
}

} // namespace roomcast::client
