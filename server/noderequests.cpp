// Node: one handler per client request type (PROTOCOL.md sections 2-5).
#include "node.h"

#include "logging.h"
#include "session.h"
#include "store/sqlitestore.h"

#include "protocol/roomname.h"

#include <QWebSocket>

#include <algorithm>
#include <cmath>

namespace roomcast::server {

using protocol::CloseCode;
using protocol::ErrorCode;
using protocol::Json;

namespace {
constexpr int kMaxRecovery = 500; //!< PROTOCOL.md 9: recovery returns up to 500 messages

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
    const RoomState state = m_store->roomState(req.room);
    protocol::Subscribed reply;
    reply.id = id;
    reply.room = req.room;
    reply.epoch = state.epoch;
    reply.seq = state.seq;
    const auto &since = req.since;
    if (since && since->epoch == state.epoch && since->seq <= state.seq &&
        since->seq >= state.firstSeq - 1 && state.seq - since->seq <= kMaxRecovery) {
        reply.history = m_store->messagesAfter(req.room, since->seq, kMaxRecovery);
        // Retention runs on the writer thread: trust only a complete range.
        reply.recovered = static_cast<std::int64_t>(reply.history.size()) == state.seq - since->seq;
    }
    if (!reply.recovered)
        reply.history = m_store->messagesBefore(req.room, std::nullopt, req.limit);

    bool joined = false;
    if (!already) {
        s->rooms.insert(req.room);
        m_rooms[req.room].insert(s);
        joined = m_presence.enter(req.room, userOf(s));
    }
    reply.presence = m_presence.users(req.room);
    sendFrame(s, reply);
    if (joined) {
        const protocol::PresenceEvent join{true, req.room, userOf(s), m_clock.wall()};
        broadcast(req.room, QString::fromStdString(protocol::encode(protocol::ServerFrame(join))),
                  s->claims.sub);
        Q_EMIT userJoined(QString::fromStdString(req.room), QString::fromStdString(s->claims.sub));
    }
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
        if (it->second.empty())
            m_rooms.erase(it);
    }
    if (m_presence.exit(room, s->claims.sub, clean, m_clock.now())) {
        const protocol::PresenceEvent leave{false, room, userOf(s), m_clock.wall()};
        broadcast(room, QString::fromStdString(protocol::encode(protocol::ServerFrame(leave))));
    } else if (!clean) {
        armPresenceTimer();
    }
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
    storeAndBroadcast(s->id(), id, std::move(message));
}

void Node::publishAs(const protocol::UserRef &from, protocol::Publish publish)
{
    if (m_shuttingDown || !m_store)
        return;
    protocol::Message message;
    message.room = std::move(publish.room);
    message.from = from;
    message.kind = std::move(publish.kind);
    message.body = std::move(publish.body);
    message.clientMsgId = std::move(publish.clientMsgId);
    storeAndBroadcast(0, nullptr, std::move(message));
}

void Node::storeAndBroadcast(std::uint64_t sessionId, const Json &id, protocol::Message &&message)
{
    m_store->append(std::move(message), [this, sessionId, id](const AppendResult &result) {
        auto it = m_sessions.find(sessionId);
        Session *s = (it == m_sessions.end() || it->second->gone) ? nullptr : it->second.get();
        if (!result.ok) {
            if (s)
                sendError(s, id, result.error.code, result.error.message);
            return;
        }
        const protocol::Message &m = result.message;
        if (!result.duplicate)
            broadcast(m.room, QString::fromStdString(protocol::encodeMessage(m)));
        if (s)
            sendFrame(s, protocol::Ack{id, m.room, m.seq, m.tsMs});
    });
}

void Node::handleHistory(Session *s, const Json &id, const protocol::HistoryRequest &req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    protocol::HistoryReply reply;
    reply.id = id;
    reply.room = req.room;
    reply.messages = m_store->messagesBefore(req.room, req.before, req.limit, &reply.more);
    sendFrame(s, reply);
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
    const protocol::TypingEvent typing{req.room, userOf(s)};
    broadcast(req.room, QString::fromStdString(protocol::encode(protocol::ServerFrame(typing))),
              s->claims.sub);
}

void Node::handlePresence(Session *s, const Json &id, const protocol::PresenceRequest &req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    sendFrame(s, protocol::PresenceReply{id, req.room, m_presence.users(req.room)});
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
    protocol::ErrorReply reply{id, std::string(protocol::toString(code)), message, std::nullopt};
    if (retryAfterMs >= 0)
        reply.retryAfterMs = retryAfterMs;
    sendFrame(s, reply);
    if (s->authenticated && s->errors.hit(m_clock.now()))
        closeSession(s, CloseCode::PolicyViolation, QStringLiteral("too many errors"), false);
}

void Node::broadcast(const std::string &room, const QString &text, const std::string &exceptUser)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    // Serialized once by the caller; the same text goes to every recipient. A slow
    // recipient is collected and dropped after the loop (dropping edits this set).
    std::vector<Session *> slow;
    for (Session *s : it->second) {
        if (s->closing() || (!exceptUser.empty() && s->claims.sub == exceptUser))
            continue;
        if (!s->send(text, m_config.slowConsumerBytes))
            slow.push_back(s);
    }
    for (Session *s : slow)
        cutOffSlowConsumer(s);
}

} // namespace roomcast::server
