// Encoders: one compact JSON text per frame, keys in PROTOCOL.md order ("type" first),
// absent/empty optional fields omitted. Never throws, not even on invalid UTF-8.

#include "codec.h"
#include "jsonwriter.h"
#include "timestamp.h"

namespace roomcast::protocol {

namespace {

using detail::JsonWriter;

void begin(JsonWriter &w, std::string_view type)
{
    w.beginObject();
    w.str("type", type);
}

void writeMessage(JsonWriter &w, const Message &m)
{
    begin(w, "message");
    w.str("room", m.room);
    w.num("seq", m.seq);
    w.str("ts", formatTimestamp(m.tsMs));
    w.user("from", m.from);
    w.str("kind", m.kind);
    w.key("body");
    w.json(m.body);
    if (!m.clientMsgId.empty())
        w.str("client_msg_id", m.clientMsgId);
    w.endObject();
}

void writeUsers(JsonWriter &w, std::string_view name, const std::vector<UserRef> &users)
{
    w.key(name);
    w.beginArray();
    for (const UserRef &user : users) {
        w.beginObject();
        w.str("id", user.id);
        w.str("name", user.name);
        w.endObject();
    }
    w.endArray();
}

void writeEncodedList(JsonWriter &w, std::string_view name, const std::vector<std::string> &items)
{
    w.key(name);
    w.beginArray();
    for (const std::string &item : items)
        w.raw(item);
    w.endArray();
}

std::vector<std::string> encodeAll(const std::vector<Message> &messages)
{
    std::vector<std::string> encoded;
    encoded.reserve(messages.size());
    for (const Message &message : messages)
        encoded.push_back(encodeMessage(message));
    return encoded;
}

// One encoder per server frame; encode(ServerFrame) dispatches with std::visit.
// Subscribed, HistoryReply and Message are handled by the public functions.
std::string encodeFrame(const Subscribed &f)
{
    return encodeSubscribed(f, encodeAll(f.history));
}

std::string encodeFrame(const HistoryReply &f)
{
    return encodeHistoryReply(f, encodeAll(f.messages));
}

std::string encodeFrame(const SearchReply &f)
{
    JsonWriter w;
    begin(w, "search");
    w.id(f.id);
    w.str("room", f.room);
    w.key("results");
    w.beginArray();
    for (const SearchResult &r : f.results) {
        w.beginObject();
        w.num("seq", r.message.seq);
        w.str("ts", formatTimestamp(r.message.tsMs));
        w.user("user", r.message.from);
        w.str("kind", r.message.kind);
        w.key("body");
        w.json(r.message.body);
        w.str("snippet", r.snippet);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return w.take();
}

std::string encodeFrame(const Message &f)
{
    return encodeMessage(f);
}

std::string encodeFrame(const Welcome &f)
{
    JsonWriter w;
    begin(w, "welcome");
    w.id(f.id);
    w.num("protocol", kProtocolVersion);
    w.str("session", f.session);
    w.str("node", f.node);
    w.user("user", f.user);
    w.num("exp", f.exp);
    w.key("heartbeat");
    w.beginObject();
    w.num("interval_ms", f.heartbeatIntervalMs);
    w.num("timeout_ms", f.heartbeatTimeoutMs);
    w.endObject();
    w.key("limits");
    w.beginObject();
    w.num("max_frame_bytes", f.maxFrameBytes);
    w.num("max_rooms", f.maxRooms);
    w.num("publish_per_s", f.publishPerSecond);
    w.endObject();
    w.endObject();
    return w.take();
}

std::string encodeFrame(const Unsubscribed &f)
{
    JsonWriter w;
    begin(w, "unsubscribed");
    w.id(f.id);
    w.str("room", f.room);
    if (!f.reason.empty())
        w.str("reason", f.reason);
    w.endObject();
    return w.take();
}

std::string encodeFrame(const Ack &f)
{
    JsonWriter w;
    begin(w, "ack");
    w.id(f.id);
    w.str("room", f.room);
    w.num("seq", f.seq);
    w.str("ts", formatTimestamp(f.tsMs));
    w.endObject();
    return w.take();
}

std::string encodeFrame(const TypingEvent &f)
{
    JsonWriter w;
    begin(w, "typing");
    w.str("room", f.room);
    w.user("user", f.user);
    w.endObject();
    return w.take();
}

std::string encodeFrame(const PresenceEvent &f)
{
    JsonWriter w;
    begin(w, f.joined ? "join" : "leave");
    w.str("room", f.room);
    w.user("user", f.user);
    w.str("ts", formatTimestamp(f.tsMs));
    w.endObject();
    return w.take();
}

std::string encodeFrame(const PresenceReply &f)
{
    JsonWriter w;
    begin(w, "presence");
    w.id(f.id);
    w.str("room", f.room);
    writeUsers(w, "users", f.users);
    w.endObject();
    return w.take();
}

std::string encodeFrame(const Pong &f)
{
    JsonWriter w;
    begin(w, "pong");
    w.id(f.id);
    w.str("ts", formatTimestamp(f.tsMs));
    w.endObject();
    return w.take();
}

std::string encodeFrame(const Refreshed &f)
{
    JsonWriter w;
    begin(w, "refreshed");
    w.id(f.id);
    w.num("exp", f.exp);
    w.endObject();
    return w.take();
}

std::string encodeFrame(const ErrorReply &f)
{
    JsonWriter w;
    begin(w, "error");
    w.id(f.id);
    w.str("code", f.code);
    w.str("message", f.message);
    if (f.retryAfterMs)
        w.num("retry_after_ms", *f.retryAfterMs);
    w.endObject();
    return w.take();
}

std::string encodeFrame(const Goaway &f)
{
    JsonWriter w;
    begin(w, "goaway");
    if (!f.reason.empty())
        w.str("reason", f.reason);
    w.num("reconnect_in_ms", f.reconnectInMs);
    w.endObject();
    return w.take();
}

} // namespace

std::string encodeMessage(const Message &message)
{
    JsonWriter w;
    writeMessage(w, message);
    return w.take();
}

MessageTemplate encodeMessageTemplate(const Message &message)
{
    // The event as writeMessage() writes it with seq 0, split where the 0 stands: the head
    // is exactly what precedes the seq value, so no field list is written twice.
    JsonWriter w;
    begin(w, "message");
    w.str("room", message.room);
    w.key("seq");
    MessageTemplate parts;
    parts.head = w.take();
    Message zero = message;
    zero.seq = 0;
    parts.tail = encodeMessage(zero).substr(parts.head.size() + 1);
    return parts;
}

std::string encodeUser(const UserRef &user)
{
    JsonWriter w;
    w.beginObject();
    w.str("id", user.id);
    w.str("name", user.name);
    w.endObject();
    return w.take();
}

std::string encodeSubscribed(const Subscribed &frame,
                             const std::vector<std::string> &encodedHistory)
{
    JsonWriter w;
    begin(w, "subscribed");
    w.id(frame.id);
    w.str("room", frame.room);
    w.str("epoch", frame.epoch);
    w.num("seq", frame.seq);
    w.boolean("recovered", frame.recovered);
    writeEncodedList(w, "history", encodedHistory);
    writeUsers(w, "presence", frame.presence);
    w.endObject();
    return w.take();
}

std::string encodeHistoryReply(const HistoryReply &frame,
                               const std::vector<std::string> &encodedMessages)
{
    JsonWriter w;
    begin(w, "history");
    w.id(frame.id);
    w.str("room", frame.room);
    writeEncodedList(w, "messages", encodedMessages);
    w.boolean("more", frame.more);
    w.endObject();
    return w.take();
}

std::string encode(const ServerFrame &frame)
{
    return std::visit([](const auto &f) { return encodeFrame(f); }, frame);
}

} // namespace roomcast::protocol
