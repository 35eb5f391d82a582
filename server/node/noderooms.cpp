// Node: rooms and delivery (PROTOCOL.md section 3): subscribe with its history read,
// unsubscribe, and the broadcast of every room event to the local subscribers.
#include "node/node.h"

#include "backend/roombackend.h"
#include "edge/frameencoder.h"
#include "logging.h"
#include "node/session.h"

#include "protocol/roomname.h"

#include <algorithm>
#include <cmath>

namespace roomcast::server {

using protocol::CloseCode;
using protocol::ErrorCode;
using protocol::Json;

void Node::handleSubscribe(Session *s, const Json &id, const protocol::Subscribe &req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    const bool already = s->rooms.count(req.room) > 0;
    if (!already && static_cast<int>(s->rooms.size()) >= m_config.maxRooms) {
        sendError(s, id, ErrorCode::TooManyRooms,
                  "room: already subscribed to " + std::to_string(m_config.maxRooms) + " rooms");
        return;
    }
    // The session joins the room at once, but its live events wait (RoomDelivery::queued)
    // until the reply is out: nothing published from here on is missed or sent before it.
    if (!already) {
        s->rooms.insert(req.room);
        m_rooms[req.room].try_emplace(s);
        if (m_presence.enter(req.room, s->user())) {
            m_backend->announcePresence(req.room, s->user(), true, m_clock.wall());
            Q_EMIT userJoined(QString::fromStdString(req.room),
                              QString::fromStdString(s->claims.sub),
                              QString::fromStdString(s->user().name));
        }
    }
    RoomDelivery &delivery = m_rooms[req.room][s];
    const std::uint64_t generation = ++m_subscribeGeneration;
    delivery.pending = generation;
    const std::uint64_t sessionId = s->id();
    const bool added = !already;
    m_backend->watch(req.room, [this, sessionId, id, req, generation, added](bool ok) {
        if (!ok) {
            finishSubscribe(sessionId, id, req.room, generation, added,
                            protocol::Error{ErrorCode::Unavailable, "room",
                                            "the cluster bus is unavailable; retry later"});
            return;
        }
        m_backend->readForSubscribe(
            req.room, req.since, req.limit,
            [this, sessionId, id, room = req.room, generation, added](auto read) {
                finishSubscribe(sessionId, id, room, generation, added, std::move(read));
            });
    });
}

void Node::finishSubscribe(std::uint64_t sessionId, const Json &id, const std::string &room,
                           std::uint64_t generation, bool addedRoom,
                           protocol::Expected<SubscribeRead> read)
{
    Session *s = liveSession(sessionId);
    if (!s || s->closing())
        return;
    RoomDelivery *d = deliveryOf(s, room);
    if (!d) {
        // Unsubscribed (or refused by a refresh) while this subscribe was being read.
        sendError(s, id, ErrorCode::NotSubscribed,
                  "room: " + room + " was left before the subscription completed");
        return;
    }
    const bool current = d->pending == generation;
    if (!read) {
        sendError(s, id, read.error().code, read.error().message);
        if (!current || !(s = liveSession(sessionId)) || s->closing())
            return;
        if (addedRoom) {
            leaveRoom(s, room, true); // only what this request added is undone
            return;
        }
        d = deliveryOf(s, room); // an earlier subscription stays, its queue released
        if (!d)
            return;
    } else {
        SubscribeRead &r = read.value();
        protocol::Subscribed reply;
        reply.id = id;
        reply.room = room;
        reply.epoch = r.state.epoch;
        reply.seq = r.state.seq;
        reply.recovered = r.recovered;
        reply.presence = std::move(r.presence);
        sendJson(s, protocol::encodeSubscribed(reply, r.history));
        // The reply may have tipped a slow consumer over: it is then gone, rooms and all.
        if (!current || s->gone || s->closing())
            return;
        d = deliveryOf(s, room);
        if (!d)
            return;
        d->floor = std::max(d->floor, reply.seq);
    }
    // Release what waited, minus what the reply (or earlier deliveries) already held.
    d->pending = 0;
    const auto queued = std::move(d->queued);
    d->queued.clear();
    for (const auto &[seq, frame] : queued) {
        if (s->gone || s->closing())
            return;
        deliverTo(s, room, seq, frame);
    }
}

void Node::deliverTo(Session *s, const std::string &room, std::int64_t seq, const QByteArray &frame)
{
    if (seq > 0) {
        RoomDelivery *d = deliveryOf(s, room);
        if (!d || seq <= d->floor)
            return;
        d->floor = seq;
    }
    if (s->gone || s->closing())
        return;
    if (!s->send(frame, m_config.slowConsumerBytes))
        cutOffSlowConsumer(s);
}

void Node::handleUnsubscribe(Session *s, const Json &id, const protocol::Unsubscribe &req)
{
    if (s->rooms.count(req.room))
        leaveRoom(s, req.room, true);
    sendFrame(s, protocol::Unsubscribed{id, req.room, {}});
}

void Node::leaveRoom(Session *s, const std::string &room, bool clean)
{
    s->rooms.erase(room);
    s->lastTypingMs.erase(room);
    if (auto it = m_rooms.find(room); it != m_rooms.end()) {
        it->second.erase(s);
        if (it->second.empty()) {
            m_rooms.erase(it);
            if (m_backend)
                m_backend->unwatch(room);
        }
    }
    if (m_presence.exit(room, s->claims.sub, clean, m_clock.now())) {
        if (m_backend)
            m_backend->announcePresence(room, s->user(), false, m_clock.wall());
    } else if (!clean)
        armPresenceTimer();
}

int Node::subscriptionCount() const
{
    std::size_t n = 0;
    for (const auto &[room, sessions] : m_rooms)
        n += sessions.size();
    return static_cast<int>(n);
}

RoomDelivery *Node::deliveryOf(Session *s, const std::string &room)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return nullptr;
    auto d = it->second.find(s);
    return d == it->second.end() ? nullptr : &d->second;
}

Session *Node::liveSession(std::uint64_t id) const
{
    auto it = m_sessions.find(id);
    return (it == m_sessions.end() || it->second->gone) ? nullptr : it->second.get();
}

void Node::broadcast(const std::string &room, std::int64_t seq, const QByteArray &json,
                     const std::string &exceptUser)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    // Framed once: every recipient's socket gets the same implicitly shared bytes (no
    // transcoding, copy or header per recipient). A slow recipient is collected and dropped
    // after the loop (dropping edits this set).
    const QByteArray frame = edge::textFrame(json);
    std::vector<Session *> slow;
    int sent = 0;
    for (auto &[s, d] : it->second) {
        if (s->closing() || (!exceptUser.empty() && s->claims.sub == exceptUser))
            continue;
        if (d.pending) {
            d.queued.emplace_back(seq, frame);
            ++sent;
            continue;
        }
        if (seq > 0) {
            if (seq <= d.floor)
                continue; // already in its `subscribed` history, or a late copy
            d.floor = seq;
        }
        ++sent;
        if (!s->send(frame, m_config.slowConsumerBytes))
            slow.push_back(s);
    }
    if (seq > 0)
        m_metrics.delivered(sent);
    for (Session *s : slow)
        cutOffSlowConsumer(s);
}

void Node::resetRoom(const std::string &room)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    qCWarning(lcServer) << "history of room" << QString::fromStdString(room)
                        << "was lost (new epoch): its subscribers start over";
    // Like a drain: goaway + 1001, and the client resubscribes with its `since`, which the
    // new epoch answers with `recovered: false` (close code 1012 would fit better, but
    // QtWebSockets 6.4 counts it as invalid and reports 1002).
    std::vector<Session *> sessions;
    for (const auto &[s, d] : it->second)
        sessions.push_back(s);
    std::uniform_int_distribution<std::int64_t> spread(0, 1000);
    for (Session *s : sessions) {
        sendFrame(s, protocol::Goaway{"history_reset", spread(m_rng)});
        closeSession(s, CloseCode::GoingAway, QStringLiteral("room history reset"), false);
    }
}

} // namespace roomcast::server
