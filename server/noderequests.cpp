// Node: one handler per client request type (PROTOCOL.md sections 2-5).
#include "node.h"

#include "backend/roombackend.h"
#include "logging.h"
#include "session.h"

#include "protocol/roomname.h"

#include <QElapsedTimer>
#include <QWebSocket>

#include <algorithm>
#include <cmath>

namespace roomcast::server {

using protocol::CloseCode;
using protocol::ErrorCode;
using protocol::Json;

namespace {
template <class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

protocol::UserRef userOf(const Session *s)
{
    return protocol::UserRef{s->claims.sub, s->claims.name};
}
} // namespace

void Node::handle(Session *s, protocol::Request &&request)
{
    const Json &id = request.id;
    if (!s->authenticated) {
        if (auto *hello = std::get_if<protocol::Hello>(&request.frame)) {
            handleHello(s, id, *hello);
            return;
        }
        sendError(s, id, ErrorCode::BadRequest, "type: hello expected first");
        closeSession(s, CloseCode::Unauthorized, QStringLiteral("hello expected"), false);
        return;
    }
    std::visit(Overloaded{
                   [&](const protocol::Hello &) {
                       sendError(s, id, ErrorCode::BadRequest, "type: already authenticated");
                   },
                   [&](const protocol::Subscribe &r) { handleSubscribe(s, id, r); },
                   [&](const protocol::Unsubscribe &r) { handleUnsubscribe(s, id, r); },
                   [&](protocol::Publish &r) { handlePublish(s, id, std::move(r)); },
                   [&](const protocol::HistoryRequest &r) { handleHistory(s, id, r); },
                   [&](const protocol::TypingRequest &r) { handleTyping(s, id, r); },
                   [&](const protocol::PresenceRequest &r) { handlePresence(s, id, r); },
                   [&](const protocol::PingRequest &) {
                       sendFrame(s, protocol::Pong{id, m_clock.wall()});
                   },
                   [&](const protocol::Refresh &r) { handleRefresh(s, id, r); },
               },
               request.frame);
}

void Node::handleHello(Session *s, const Json &id, const protocol::Hello &hello)
{
    if (hello.protocol != protocol::kProtocolVersion) {
        sendError(s, id, ErrorCode::UnsupportedProtocol,
                  "protocol: version " + std::to_string(hello.protocol) +
                      " is not supported (use 1)");
        closeSession(s, CloseCode::UnsupportedProtocol, QStringLiteral("unsupported protocol"),
                     false);
        return;
    }
    auto claims =
        protocol::verifyToken(hello.token,
                              std::string_view(m_config.secret.constData(),
                                               static_cast<std::size_t>(m_config.secret.size())),
                              m_clock.wall() / 1000, m_config.tokenLeewaySecs);
    if (!claims) {
        sendError(s, id, ErrorCode::Unauthorized, claims.error().message);
        closeSession(s, CloseCode::Unauthorized, QStringLiteral("unauthorized"), false);
        return;
    }
    s->authenticated = true;
    s->claims = std::move(claims).value();
    s->sessionId = randomSessionId();
    protocol::Welcome welcome;
    welcome.id = id;
    welcome.session = s->sessionId;
    welcome.node = m_nodeId.toStdString();
    welcome.user = userOf(s);
    welcome.exp = s->claims.exp;
    welcome.heartbeatIntervalMs = m_config.heartbeatIntervalMs;
    welcome.heartbeatTimeoutMs = m_config.heartbeatTimeoutMs;
    welcome.maxFrameBytes = m_config.maxFrameBytes;
    welcome.maxRooms = m_config.maxRooms;
    welcome.publishPerSecond = std::max(1, static_cast<int>(std::ceil(m_config.publishRate)));
    sendFrame(s, welcome);

    // First ping at a random point of the first interval, so pings do not line up.
    const std::int64_t now = m_clock.now();
    std::uniform_int_distribution<std::int64_t> spread(1,
                                                       std::max(1, m_config.heartbeatIntervalMs));
    s->nextPingMs = now + spread(m_rng);
    s->wheelDueMs = -1;
    reschedule(s, std::min(s->nextPingMs,
                           now + std::max<std::int64_t>(0, s->expiryMs() - m_clock.wall())));
}

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
        if (m_presence.enter(req.room, userOf(s))) {
            m_backend->announcePresence(req.room, userOf(s), true, m_clock.wall());
            Q_EMIT userJoined(QString::fromStdString(req.room),
                              QString::fromStdString(s->claims.sub));
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
        sendText(s, QString::fromStdString(protocol::encodeSubscribed(reply, r.history)));
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
    for (const auto &[seq, text] : queued) {
        if (s->gone || s->closing())
            return;
        deliverTo(s, room, seq, text);
    }
}

void Node::deliverTo(Session *s, const std::string &room, std::int64_t seq, const QString &text)
{
    if (seq > 0) {
        RoomDelivery *d = deliveryOf(s, room);
        if (!d || seq <= d->floor)
            return;
        d->floor = seq;
    }
    sendText(s, text);
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
            m_backend->announcePresence(room, userOf(s), false, m_clock.wall());
    } else if (!clean)
        armPresenceTimer();
}

void Node::handlePublish(Session *s, const Json &id, protocol::Publish &&req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    if (!s->claims.pub) {
        sendError(s, id, ErrorCode::Forbidden, "read-only token: publishing is not allowed");
        return;
    }
    if (const std::int64_t wait = s->publishBucket.take(m_clock.now()); wait > 0) {
        sendError(s, id, ErrorCode::RateLimited, "publish rate exceeded", wait);
        return;
    }
    protocol::Message message;
    message.room = std::move(req.room);
    message.from = userOf(s);
    message.kind = std::move(req.kind);
    message.body = std::move(req.body);
    message.clientMsgId = std::move(req.clientMsgId);
    publishFromSession(s, id, std::move(message));
}

void Node::publishAs(const protocol::UserRef &from, protocol::Publish publish)
{
    if (m_shuttingDown || !m_backend)
        return;
    protocol::Message message;
    message.room = std::move(publish.room);
    message.from = from;
    message.kind = std::move(publish.kind);
    message.body = std::move(publish.body);
    message.clientMsgId = std::move(publish.clientMsgId);
    submit(std::move(message), nullptr);
}

void Node::publishFromSession(Session *s, const Json &id, protocol::Message &&message)
{
    submit(std::move(message), [this, sessionId = s->id(), id](const AppendResult &result) {
        Session *s = liveSession(sessionId);
        if (!s)
            return;
        if (!result.ok)
            sendError(s, id, result.error.code, result.error.message);
        else
            sendFrame(
                s, protocol::Ack{id, result.message.room, result.message.seq, result.message.tsMs});
    });
}

void Node::submit(protocol::Message message, std::function<void(const AppendResult &)> done)
{
    // Fan-out comes back through the backend's deliver event (from Redis in a cluster).
    QElapsedTimer timer; // m_clock has milliseconds; the latency buckets start at 0.5 ms
    timer.start();
    m_backend->append(std::move(message),
                      [this, timer, done = std::move(done)](const AppendResult &r) {
                          if (r.ok) {
                              if (!r.duplicate)
                                  m_metrics.published();
                              m_metrics.publishAcked(timer.nsecsElapsed() / 1000);
                          }
                          if (done)
                              done(r);
                      });
}

int Node::subscriptionCount() const
{
    std::size_t n = 0;
    for (const auto &[room, sessions] : m_rooms)
        n += sessions.size();
    return static_cast<int>(n);
}

Node::Health Node::health() const
{
    if (!m_backend)
        return Health{false, false};
    return Health{m_backend->storeUp(), m_backend->busUp()};
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

void Node::handleHistory(Session *s, const Json &id, const protocol::HistoryRequest &req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    m_backend->readHistory(
        req.room, req.before, req.limit,
        [this, sessionId = s->id(), id, room = req.room](protocol::Expected<HistoryRead> read) {
            Session *s = liveSession(sessionId);
            if (!s)
                return;
            if (!read) {
                sendError(s, id, read.error().code, read.error().message);
                return;
            }
            protocol::HistoryReply reply;
            reply.id = id;
            reply.room = room;
            reply.more = read.value().more;
            sendText(s, QString::fromStdString(
                            protocol::encodeHistoryReply(reply, read.value().messages)));
        });
}

void Node::handleTyping(Session *s, const Json &id, const protocol::TypingRequest &req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    if (!s->claims.pub) {
        sendError(s, id, ErrorCode::Forbidden, "read-only token: typing is not allowed");
        return;
    }
    if (!s->rooms.count(req.room)) {
        sendError(s, id, ErrorCode::NotSubscribed, "room: not subscribed to " + req.room);
        return;
    }
    const std::int64_t now = m_clock.now();
    auto [it, inserted] = s->lastTypingMs.try_emplace(req.room, now);
    if (!inserted) {
        if (now - it->second < 1000)
            return; // at most one per second per connection and room: extra ones are dropped
        it->second = now;
    }
    m_backend->announceTyping(req.room, userOf(s));
}

void Node::handlePresence(Session *s, const Json &id, const protocol::PresenceRequest &req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    m_backend->readPresence(
        req.room, [this, sessionId = s->id(), id,
                   room = req.room](protocol::Expected<std::vector<protocol::UserRef>> users) {
            Session *s = liveSession(sessionId);
            if (!s)
                return;
            if (!users)
                sendError(s, id, users.error().code, users.error().message);
            else
                sendFrame(s, protocol::PresenceReply{id, room, std::move(users).value()});
        });
}

void Node::handleRefresh(Session *s, const Json &id, const protocol::Refresh &req)
{
    auto claims =
        protocol::verifyToken(req.token,
                              std::string_view(m_config.secret.constData(),
                                               static_cast<std::size_t>(m_config.secret.size())),
                              m_clock.wall() / 1000, m_config.tokenLeewaySecs);
    if (!claims) {
        sendError(s, id, ErrorCode::Unauthorized, claims.error().message);
        return;
    }
    if (std::min<std::int64_t>(claims.value().exp, 253402300799) * 1000 <= m_clock.wall()) {
        // The leeway forgives clock skew at hello; a refresh must extend the session.
        sendError(s, id, ErrorCode::Unauthorized, "token expired");
        return;
    }
    if (claims.value().sub != s->claims.sub) {
        sendError(s, id, ErrorCode::Unauthorized, "token: names another user");
        return;
    }
    s->claims = std::move(claims).value();
    const std::vector<std::string> rooms(s->rooms.begin(), s->rooms.end());
    for (const std::string &room : rooms) {
        if (protocol::roomAllowed(s->claims.rooms, room))
            continue;
        leaveRoom(s, room, true);
        sendFrame(s, protocol::Unsubscribed{nullptr, room, "forbidden"});
    }
    sendFrame(s, protocol::Refreshed{id, s->claims.exp});
    reschedule(s, m_clock.now() + std::max<std::int64_t>(0, s->expiryMs() - m_clock.wall()));
}

// ---- sending ------------------------------------------------------------------------

void Node::sendFrame(Session *s, const protocol::ServerFrame &frame)
{
    sendText(s, QString::fromStdString(protocol::encode(frame)));
}

void Node::sendText(Session *s, const QString &text)
{
    if (s->gone || s->closing())
        return;
    if (!s->send(text, m_config.slowConsumerBytes))
        cutOffSlowConsumer(s);
}

void Node::cutOffSlowConsumer(Session *s)
{
    qCInfo(lcServer) << "cutting off slow consumer" << s->id() << "with"
                     << s->socket()->bytesToWrite() << "bytes unsent";
    detach(s, false);
    s->abort();
}

void Node::sendError(Session *s, const Json &id, ErrorCode code, const std::string &message,
                     std::int64_t retryAfterMs)
{
    m_metrics.error(protocol::toString(code));
    protocol::ErrorReply reply{id, std::string(protocol::toString(code)), message, std::nullopt};
    if (retryAfterMs >= 0)
        reply.retryAfterMs = retryAfterMs;
    sendFrame(s, reply);
    if (s->authenticated && s->errors.hit(m_clock.now()))
        closeSession(s, CloseCode::PolicyViolation, QStringLiteral("too many errors"), false);
}

void Node::broadcast(const std::string &room, std::int64_t seq, const QString &text,
                     const std::string &exceptUser)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    // Serialized once; the same text goes to every recipient. A slow recipient is
    // collected and dropped after the loop (dropping edits this set).
    std::vector<Session *> slow;
    int sent = 0;
    for (auto &[s, d] : it->second) {
        if (s->closing() || (!exceptUser.empty() && s->claims.sub == exceptUser))
            continue;
        if (d.pending) {
            d.queued.emplace_back(seq, text);
            ++sent;
            continue;
        }
        if (seq > 0) {
            if (seq <= d.floor)
                continue; // already in its `subscribed` history, or a late copy
            d.floor = seq;
        }
        ++sent;
        if (!s->send(text, m_config.slowConsumerBytes))
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
