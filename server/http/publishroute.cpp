#include "publishroute.h"

#include "bearerauth.h"
#include "errorresponse.h"

#include "node/node.h"

#include "protocol/codec.h"
#include "protocol/roomname.h"
#include "protocol/timestamp.h"
#include "protocol/token.h"

#include <algorithm>
#include <string_view>

namespace roomcast::server::http {

using protocol::ErrorCode;
using protocol::Json;

namespace {

constexpr int kMaxDepth = 32;             //!< as protocol::DecodeLimits
constexpr std::size_t kSweepAbove = 1024; //!< buckets kept before idle ones are dropped

//! Nesting depth checked on the raw text, before a parser recurses into it.
bool nestingWithin(QByteArrayView text, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth)
                return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

} // namespace

void PublishRoute::handle(const QByteArray &roomBytes, const HttpRequest &request, const Done &done)
{
    if (m_node.shuttingDown()) {
        done(errorResponse(m_node.metrics(), ErrorCode::Unavailable, "the node is shutting down"));
        return;
    }
    auto caller = authorize(request, m_node);
    if (auto *refusal = std::get_if<HttpResponse>(&caller)) {
        done(*refusal);
        return;
    }
    const std::string room = roomBytes.toStdString();
    if (!protocol::isValidRoomName(room)) {
        done(errorResponse(m_node.metrics(), ErrorCode::BadRequest,
                           "room: must be 1-64 characters of [A-Za-z0-9_.:-]"));
        return;
    }
    auto publish = decode(room, request.body);
    if (!publish) {
        done(errorResponse(m_node.metrics(), ErrorCode::BadRequest, publish.error().message));
        return;
    }
    const protocol::Claims &c = std::get<protocol::Claims>(caller);
    if (!protocol::roomAllowed(c.rooms, room)) {
        done(errorResponse(m_node.metrics(), ErrorCode::Forbidden,
                           "room: " + room + " is not allowed by the token"));
        return;
    }
    if (!c.pub) {
        done(errorResponse(m_node.metrics(), ErrorCode::Forbidden,
                           "read-only token: publishing is not allowed"));
        return;
    }
    if (const std::int64_t wait = takeToken(c.sub); wait > 0) {
        HttpResponse r = HttpResponse::json(429, {{"code", "rate_limited"},
                                                  {"message", "publish rate exceeded"},
                                                  {"retry_after_ms", wait}});
        m_node.metrics().error(protocol::toString(ErrorCode::RateLimited));
        r.headers.emplace_back(QByteArrayLiteral("Retry-After"),
                               QByteArray::number((wait + 999) / 1000));
        done(r);
        return;
    }

    protocol::Message message;
    message.room = room;
    message.from = protocol::UserRef{c.sub, c.name};
    message.kind = std::move(publish.value().kind);
    message.body = std::move(publish.value().body);
    message.clientMsgId = std::move(publish.value().clientMsgId);
    // Not `this`: the store may answer while the node is torn down, after the routes.
    m_node.submit(std::move(message), [node = &m_node, done](const AppendResult &result) {
        if (!result.ok) {
            done(errorResponse(node->metrics(), result.error.code, result.error.message));
            return;
        }
        const protocol::Message &m = result.message;
        done(HttpResponse::json(
            result.duplicate ? 200 : 201,
            {{"room", m.room}, {"seq", m.seq}, {"ts", protocol::formatTimestamp(m.tsMs)}}));
    });
}

protocol::Expected<protocol::Publish> PublishRoute::decode(const std::string &room,
                                                           const QByteArray &body) const
{
    if (!nestingWithin(body, kMaxDepth))
        return protocol::badRequest({}, "request body: nested deeper than 32 levels");
    Json doc = Json::parse(body.begin(), body.end(), nullptr, false);
    if (doc.is_discarded())
        return protocol::badRequest({}, "request body: not valid JSON");
    if (!doc.is_object())
        return protocol::badRequest({}, "request body: must be a JSON object");
    // The body is a publish frame without its type and room: decode it as one, so HTTP and
    // WebSocket cannot drift apart (kind, body by kind, client_msg_id).
    doc.erase("id");
    doc["type"] = "publish";
    doc["room"] = room;
    const std::string frame = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
    protocol::DecodeLimits limits;
    limits.maxBytes = frame.size();
    limits.maxDepth = kMaxDepth;
    auto decoded = protocol::decodeClientFrame(frame, limits);
    if (auto *failure = std::get_if<protocol::DecodeFailure>(&decoded))
        return failure->error;
    auto *publish = std::get_if<protocol::Publish>(&std::get<protocol::Request>(decoded).frame);
    if (!publish)
        return protocol::Error{ErrorCode::Internal, {}, "request body: not a publish"};
    return std::move(*publish);
}

std::int64_t PublishRoute::takeToken(const std::string &user)
{
    const ServerConfig &config = m_node.config();
    const std::int64_t now = m_node.clock().now();
    if (m_buckets.size() > kSweepAbove && now - m_lastSweepMs >= 1000) {
        // A bucket idle long enough to be full again is the same as a new one.
        const auto refillMs =
            static_cast<std::int64_t>(config.publishBurst * 1000.0 / config.publishRate) + 1;
        std::erase_if(m_buckets,
                      [&](const auto &entry) { return now - entry.second.lastMs >= refillMs; });
        m_lastSweepMs = now;
    }
    auto it = m_buckets.find(user);
    if (it == m_buckets.end())
        it =
            m_buckets
                .emplace(user,
                         UserBucket{TokenBucket(config.publishRate, config.publishBurst, now), now})
                .first;
    it->second.lastMs = now;
    return it->second.bucket.take(now);
}

} // namespace roomcast::server::http
