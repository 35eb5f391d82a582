// Encoders: one compact JSON text per frame, keys in PROTOCOL.md order ("type" first),
// absent/empty optional fields omitted. Never throws, not even on invalid UTF-8.

#include "codec.h"
#include "encoder_p.h"
#include "timestamp.h"

namespace roomcast::protocol {

namespace detail {

// One encoder per server frame; encode(ServerFrame) dispatches with std::visit. The
// replies that carry messages or users are in encoderreplies.cpp.
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

} // namespace detail

using namespace detail;

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

std::string encode(const ServerFrame &frame)
{
    return std::visit([](const auto &f) { return encodeFrame(f); }, frame);
}

} // namespace roomcast::protocol
