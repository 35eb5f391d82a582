// Shared by the room tracker tests (tst_roomtracker, tst_roomtrackergaps): messages, replies
// and a tracker already synced.
#pragma once

#include "client/roomtracker.h"

#include <QList>

#include <cstdint>
#include <string>
#include <vector>

namespace roomcast::test::roomtrackertest {

using client::RoomTracker;
using Seqs = QList<qint64>;

inline const std::string kRoom = "general";

inline protocol::Message message(std::int64_t seq, const std::string &room = kRoom)
{
    protocol::Message m;
    m.room = room;
    m.seq = seq;
    m.tsMs = 1000 * seq; // the ts tells which message set a mark
    m.from = {"alice", "Alice"};
    m.kind = "chat";
    m.body = {{"text", "m" + std::to_string(seq)}};
    return m;
}

inline std::vector<protocol::Message> range(std::int64_t from, std::int64_t to)
{
    std::vector<protocol::Message> messages;
    for (std::int64_t seq = from; seq <= to; ++seq)
        messages.push_back(message(seq));
    return messages;
}

inline protocol::Subscribed subscribed(const std::string &epoch, std::int64_t seq, bool recovered,
                                       std::vector<protocol::Message> history)
{
    protocol::Subscribed s;
    s.room = kRoom;
    s.epoch = epoch;
    s.seq = seq;
    s.recovered = recovered;
    s.history = std::move(history);
    return s;
}

inline protocol::HistoryReply historyReply(std::vector<protocol::Message> messages)
{
    protocol::HistoryReply reply;
    reply.room = kRoom;
    reply.messages = std::move(messages);
    return reply;
}

inline Seqs seqs(const RoomTracker::Outcome &outcome)
{
    Seqs result;
    for (const auto &m : outcome.deliver)
        result.append(m.seq);
    return result;
}

inline Seqs span(qint64 from, qint64 to)
{
    Seqs result;
    for (qint64 seq = from; seq <= to; ++seq)
        result.append(seq);
    return result;
}

//! A tracker whose room is synced at `seq` of epoch "e1" (messages 1..seq delivered).
inline RoomTracker trackerAt(std::int64_t seq)
{
    RoomTracker tracker;
    tracker.add(kRoom);
    const auto outcome = tracker.onSubscribed(subscribed("e1", seq, false, range(1, seq)));
    Q_ASSERT(!outcome.fetch);
    return tracker;
}

} // namespace roomcast::test::roomtrackertest
