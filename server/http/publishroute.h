#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include "node/tokenbucket.h"

#include "protocol/expected.h"
#include "protocol/frames.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace roomcast::server {
class Node;
}

namespace roomcast::server::http {

//! POST /api/rooms/{room}/messages: a `publish` over HTTP, for scripts and CI jobs. The same
//! validation (the body goes through the WebSocket decoder), rights, idempotency
//! (Node::submit) and errors as `publish`, as HTTP statuses; rate-limited per user, since
//! an HTTP client has no connection to hang a bucket on.
class PublishRoute
{
public:
    using Done = std::function<void(const HttpResponse &)>;

    explicit PublishRoute(Node &node) : m_node(node) {}

    //! `room` is the path segment, percent-decoded. `done` runs once, maybe before this returns.
    void handle(const QByteArray &room, const HttpRequest &request, const Done &done);

private:
    //! The request's body as a validated Publish for `room`, or the error naming the field.
    protocol::Expected<protocol::Publish> decode(const std::string &room,
                                                 const QByteArray &body) const;
    //! 0, or the milliseconds until `user` may publish again.
    std::int64_t takeToken(const std::string &user);

    struct UserBucket
    {
        TokenBucket bucket;
        std::int64_t lastMs;
    };

    Node &m_node;
    std::unordered_map<std::string, UserBucket> m_buckets;
    std::int64_t m_lastSweepMs = 0;
};

} // namespace roomcast::server::http
