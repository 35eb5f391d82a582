#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace roomcast::protocol {

using Json = nlohmann::json;

//! The protocol version this library speaks.
inline constexpr int kProtocolVersion = 1;

//! A user as shown to others: `{"id":..,"name":..}`.
struct UserRef
{
    std::string id;
    std::string name;
    bool operator==(const UserRef &) const = default;
};

//! A stored room message; the same value is the `message` event, a history entry and
//! what the store keeps. `tsMs` is milliseconds since the Unix epoch (UTC).
struct Message
{
    std::string room;
    std::int64_t seq = 0;
    std::int64_t tsMs = 0;
    UserRef from;
    std::string kind;
    Json body = Json::object();
    std::string clientMsgId; //!< empty when the publisher gave none
};

// ---- client -> server ---------------------------------------------------------------

struct Since
{
    std::string epoch;
    std::int64_t seq = 0;
};

struct Hello
{
    int protocol = kProtocolVersion;
    std::string token; //!< empty when absent or not a string: the server answers unauthorized
    std::string client;
};
struct Subscribe
{
    std::string room;
    std::optional<Since> since;
    int limit = 50;
};
struct Unsubscribe
{
    std::string room;
};
struct Publish
{
    std::string room;
    std::string kind;
    Json body = Json::object();
    std::string clientMsgId;
};
struct HistoryRequest
{
    std::string room;
    std::optional<std::int64_t> before;
    int limit = 50;
};
//! A full-text search of a room's retained messages (docs/protocol.md, appendix "search").
struct SearchRequest
{
    std::string room;
    std::string q;
    int limit = 20;
};
struct TypingRequest
{
    std::string room;
};
struct PresenceRequest
{
    std::string room;
};
struct PingRequest
{
};
struct Refresh
{
    std::string token;
};

using ClientFrame =
    std::variant<Hello, Subscribe, Unsubscribe, Publish, HistoryRequest, TypingRequest,
                 PresenceRequest, PingRequest, Refresh, SearchRequest>;

//! A decoded client frame with its request `id` (null Json when the frame had none).
struct Request
{
    Json id;
    ClientFrame frame;
};

// ---- server -> client ---------------------------------------------------------------

struct Welcome
{
    Json id; //!< the hello's id, echoed
    std::string session;
    std::string node;
    UserRef user;
    std::int64_t exp = 0;
    int heartbeatIntervalMs = 25000;
    int heartbeatTimeoutMs = 10000;
    int maxFrameBytes = 65536;
    int maxRooms = 100;
    int publishPerSecond = 20;
};
struct Subscribed
{
    Json id;
    std::string room;
    std::string epoch;
    std::int64_t seq = 0;
    bool recovered = false;
    std::vector<Message> history;
    std::vector<UserRef> presence;
};
struct Unsubscribed
{
    Json id;
    std::string room;
    std::string reason; //!< empty, or "forbidden" when a refresh narrowed the rights
};
struct Ack
{
    Json id;
    std::string room;
    std::int64_t seq = 0;
    std::int64_t tsMs = 0;
};
struct HistoryReply
{
    Json id;
    std::string room;
    std::vector<Message> messages;
    bool more = false;
};
//! One search hit: the stored message and `snippet`, an HTML fragment of its text with the
//! matching words in `<mark>` (the rest escaped).
struct SearchResult
{
    Message message; //!< `room` is the reply's; encoded as seq, ts, user, kind, body
    std::string snippet;
};
struct SearchReply
{
    Json id;
    std::string room;
    std::vector<SearchResult> results; //!< newest first
};
struct TypingEvent
{
    std::string room;
    UserRef user;
};
//! `join` or `leave`.
struct PresenceEvent
{
    bool joined = true;
    std::string room;
    UserRef user;
    std::int64_t tsMs = 0;
};
struct PresenceReply
{
    Json id;
    std::string room;
    std::vector<UserRef> users;
};
struct Pong
{
    Json id;
    std::int64_t tsMs = 0;
};
struct Refreshed
{
    Json id;
    std::int64_t exp = 0;
};
struct ErrorReply
{
    Json id;
    std::string code;
    std::string message;
    std::optional<std::int64_t> retryAfterMs;
};
struct Goaway
{
    std::string reason = "shutdown";
    std::int64_t reconnectInMs = 0;
};

using ServerFrame =
    std::variant<Welcome, Subscribed, Unsubscribed, Ack, Message, HistoryReply, TypingEvent,
                 PresenceEvent, PresenceReply, Pong, Refreshed, ErrorReply, Goaway, SearchReply>;

} // namespace roomcast::protocol
