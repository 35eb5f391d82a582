// ClusterBackend: watching rooms (SUBSCRIBE per room with local subscribers) and delivering
// each room's messages in seq order exactly once, filling gaps from its stream.
#include "clusterbackend.h"

#include "clusterbackend_p.h"
#include "clusterscripts.h"
#include "logging.h"

#include "protocol/codec.h"
#include "protocol/timestamp.h"

#include <QTimer>

namespace roomcast::server {

using namespace clusterdetail;

// ---- watching rooms -------------------------------------------------------------------

void ClusterBackend::watch(const std::string &room, std::function<void(bool)> ready)
{
    Room &r = m_rooms[room];
    r.wanted = true;
    if (r.ready) {
        ready(true);
        return;
    }
    if (!busUp()) {
        ready(false);
        return;
    }
    r.waiters.push_back(std::move(ready));
    if (r.channel == Room::Channel::Off && m_sub->subscribe(channelOf(room)))
        r.channel = Room::Channel::Subscribing;
    // Subscribing: the confirmation comes; Unsubscribing: we subscribe again once it is done.
}

void ClusterBackend::unwatch(const std::string &room)
{
    if (auto it = m_rooms.find(room); it != m_rooms.end()) {
        it->second.wanted = false;
        it->second.idleSinceMs = m_options.clock();
    }
}

void ClusterBackend::failWaiters(Room &r)
{
    auto waiters = std::move(r.waiters);
    r.waiters.clear();
    for (auto &w : waiters)
        w(false);
}

void ClusterBackend::onPubsub(const std::string &kind, const std::string &channel,
                              const std::string &payload)
{
    static const std::string hb = "rc:hb:";
    if (channel.compare(0, hb.size(), hb) == 0) {
        if (kind == "message")
            m_lastHeartbeatSeenMs = m_options.clock();
        return;
    }
    static const std::string prefix = "rc:c:";
    if (channel.compare(0, prefix.size(), prefix) != 0)
        return;
    const std::string room = channel.substr(prefix.size());
    if (kind == "message") {
        onChannelMessage(room, payload);
        return;
    }
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    Room &r = it->second;
    if (kind == "subscribe") {
        r.channel = Room::Channel::On;
        onSubscribed(room);
    } else if (kind == "unsubscribe") {
        r.channel = Room::Channel::Off;
        r.ready = false;
        r.lastSeq = -1;
        r.early.clear();
        if (r.wanted && m_sub->subscribe(channel))
            r.channel = Room::Channel::Subscribing;
        else if (!r.wanted)
            m_rooms.erase(it);
    }
}

void ClusterBackend::onSubscribed(const std::string &room)
{
    Room &r = m_rooms[room];
    if (r.lastSeq < 0)
        learnBaseline(room);
    else
        catchUp(room); // resubscribed: Redis may have come back with less than we delivered
}

void ClusterBackend::learnBaseline(const std::string &room)
{
    const bool sent =
        m_cmd->command({"HGET", roomKey("r", room), "seq"}, [this, room](const RedisValue *reply) {
            auto it = m_rooms.find(room);
            if (it == m_rooms.end())
                return;
            Room &r = it->second;
            if (r.ready)
                return; // another baseline read (or a fill) got there first: never go back
            if (!reply) {
                failWaiters(r); // retried when the command connection is back
                return;
            }
            if (reply->isError()) {
                retrySoon([this, room] {
                    auto again = m_rooms.find(room);
                    if (again != m_rooms.end() && !again->second.ready &&
                        again->second.channel == Room::Channel::On)
                        learnBaseline(room);
                });
                return;
            }
            // Everything up to here is in the stream, which a subscriber reads next.
            r.lastSeq = reply->isNil() ? 0 : std::strtoll(reply->str.c_str(), nullptr, 10);
            r.ready = true;
            deliverInOrder(room, r);
            auto waiters = std::move(r.waiters);
            r.waiters.clear();
            for (auto &w : waiters)
                w(true);
        });
    if (!sent)
        failWaiters(m_rooms[room]);
}

void ClusterBackend::onChannelMessage(const std::string &room, const std::string &payload)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end() || payload.empty())
        return;
    Room &r = it->second;
    const std::size_t colon = payload.find(':');
    if (colon == std::string::npos)
        return;
    if (payload[0] == 'E') {
        const std::size_t len = std::strtoull(payload.c_str() + 1, nullptr, 10);
        if (colon + 1 + len > payload.size())
            return;
        if (m_events.deliver)
            m_events.deliver(room, 0,
                             QByteArray(payload.data() + colon + 1 + len,
                                        static_cast<qsizetype>(payload.size() - colon - 1 - len)),
                             payload.substr(colon + 1, len));
        return;
    }
    if (payload[0] != 'M')
        return;
    const std::int64_t seq = std::strtoll(payload.c_str() + 1, nullptr, 10);
    const std::size_t epochEnd = payload.find(':', colon + 1);
    if (seq <= 0 || epochEnd == std::string::npos)
        return;
    const std::string epoch = payload.substr(colon + 1, epochEnd - colon - 1);
    if (m_epoch.empty())
        m_epoch = epoch;
    if (epoch != m_epoch) {
        epochChanged(epoch); // a wiped Redis: seq starts again at 1 under a new epoch
        return;              // this message reaches the resubscribing clients as history
    }
    if (r.lastSeq >= 0 && seq <= r.lastSeq)
        return; // already delivered (a gap fill got there first)
    r.early.emplace(seq, QByteArray(payload.data() + epochEnd + 1,
                                    static_cast<qsizetype>(payload.size() - epochEnd - 1)));
    if (r.ready && !r.filling)
        deliverInOrder(room, r);
}

void ClusterBackend::deliverInOrder(const std::string &room, Room &r)
{
    while (!r.early.empty()) {
        auto first = r.early.begin();
        if (first->first <= r.lastSeq) {
            r.early.erase(first);
            continue;
        }
        if (first->first != r.lastSeq + 1) {
            fill(room); // a gap: read it from the stream before anything newer
            return;
        }
        r.lastSeq = first->first;
        const QByteArray text = std::move(first->second);
        r.early.erase(first);
        if (m_events.deliver)
            m_events.deliver(room, r.lastSeq, text, {});
    }
}

void ClusterBackend::fill(const std::string &room)
{
    Room &r = m_rooms[room];
    if (r.filling || r.lastSeq < 0)
        return; // a baseline read is what sets the starting point
    const std::int64_t from = r.lastSeq + 1;
    const bool sent = m_cmd->command(
        {"XRANGE", roomKey("s", room), std::to_string(from) + "-0", "+", "COUNT",
         std::to_string(kFillBatch)},
        [this, room](const RedisValue *reply) {
            auto it = m_rooms.find(room);
            if (it == m_rooms.end())
                return;
            Room &r = it->second;
            r.filling = false;
            if (!reply) {
                failWaiters(r); // filled again once the connection is back
                return;
            }
            if (reply->type != RedisValue::Type::Array) {
                retrySoon([this, room] {
                    if (m_rooms.count(room))
                        fill(room);
                });
                return;
            }
            for (const RedisValue &entry : reply->elements) {
                if (entry.elements.size() < 2 || entry.elements[1].elements.size() < 2)
                    continue;
                const std::int64_t seq = seqOfStreamId(entry.elements[0].str);
                if (seq <= r.lastSeq)
                    continue;
                if (seq != r.lastSeq + 1)
                    qCWarning(lcServer)
                        << "room" << QString::fromStdString(room) << "messages" << r.lastSeq + 1
                        << "to" << seq - 1 << "were trimmed before this node could deliver them";
                r.lastSeq = seq;
                if (m_events.deliver)
                    m_events.deliver(room, seq,
                                     QByteArray::fromStdString(entry.elements[1].elements[1].str),
                                     {});
            }
            if (reply->elements.size() == static_cast<std::size_t>(kFillBatch)) {
                fill(room);
                return;
            }
            // Whatever is still missing before the early ones is gone from the stream.
            if (!r.early.empty() && r.early.begin()->first > r.lastSeq + 1) {
                qCWarning(lcServer) << "room" << QString::fromStdString(room) << "skipping to seq"
                                    << r.early.begin()->first;
                r.lastSeq = r.early.begin()->first - 1;
            }
            const bool wasReady = r.ready;
            r.ready = true;
            deliverInOrder(room, r);
            if (!wasReady) {
                auto waiters = std::move(r.waiters);
                r.waiters.clear();
                for (auto &w : waiters)
                    w(true);
            }
        });
    r.filling = sent;
    if (!sent)
        failWaiters(r);
}

} // namespace roomcast::server
