// Node: the requests of a session and its queries (PROTOCOL.md sections 2, 4, 5, 9):
// hello, refresh, typing, presence, history. Rooms are in noderooms.cpp, publishing in
// nodepublish.cpp, search in nodesearch.cpp.
#include "node/node.h"

#include "backend/roombackend.h"
#include "logging.h"
#include "node/session.h"

#include "protocol/roomname.h"

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
                   [&](const protocol::SearchRequest &r) { handleSearch(s, id, r); },
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
    welcome.user = s->user();
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
            sendJson(s, protocol::encodeHistoryReply(reply, read.value().messages));
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
    m_backend->announceTyping(req.room, s->user());
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

} // namespace roomcast::server
