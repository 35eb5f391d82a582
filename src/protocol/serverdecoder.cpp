// decodeServerFrame: one text frame from a server -> a typed frame, for clients and tests.
// Tolerant of unknown fields (forward compatibility), strict on the types of known ones.

#include "codec.h"
#include "jsonfields.h"
#include "serverdecoder_p.h"
#include "timestamp.h"

#include <array>
#include <climits>
#include <limits>
#include <utility>

namespace roomcast::protocol {

namespace {

using detail::FieldReader;
using namespace detail::serverframe;

ServerFrame welcome(FieldReader &f, const Json &)
{
    Welcome w;
    w.id = requestId(f);
    if (f.has("protocol"))
        int64(f, "protocol");
    w.session = f.string("session");
    w.node = f.string("node");
    w.user = user(f, "user");
    w.exp = int64(f, "exp");
    if (const Json *heartbeat = f.object("heartbeat")) {
        FieldReader h(*heartbeat, "heartbeat", true);
        w.heartbeatIntervalMs = int32(h, "interval_ms");
        w.heartbeatTimeoutMs = int32(h, "timeout_ms");
        if (!h.ok())
            f.fail(h.takeError());
    }
    if (const Json *limits = f.object("limits")) {
        FieldReader l(*limits, "limits", true);
        w.maxFrameBytes = int32(l, "max_frame_bytes");
        w.maxRooms = int32(l, "max_rooms");
        w.publishPerSecond = int32(l, "publish_per_s");
        if (!l.ok())
            f.fail(l.takeError());
    }
    return w;
}

ServerFrame subscribed(FieldReader &f, const Json &)
{
    Subscribed s;
    s.id = requestId(f);
    s.room = f.string("room");
    s.epoch = f.string("epoch");
    s.seq = int64(f, "seq");
    s.recovered = f.boolean("recovered");
    s.history = messages(f, "history");
    s.presence = users(f, "presence");
    return s;
}

ServerFrame unsubscribed(FieldReader &f, const Json &)
{
    Unsubscribed u;
    u.id = requestId(f);
    u.room = f.string("room");
    u.reason = f.optionalString("reason").value_or(std::string());
    return u;
}

ServerFrame ack(FieldReader &f, const Json &)
{
    Ack a;
    a.id = requestId(f);
    a.room = f.string("room");
    a.seq = int64(f, "seq");
    a.tsMs = timestamp(f, "ts");
    return a;
}

ServerFrame message(FieldReader &f, const Json &doc)
{
    return messageObject(doc, {}, f);
}

ServerFrame history(FieldReader &f, const Json &)
{
    HistoryReply h;
    h.id = requestId(f);
    h.room = f.string("room");
    h.messages = messages(f, "messages");
    h.more = f.boolean("more");
    return h;
}

SearchResult searchResult(const Json &object, std::string path, FieldReader &parent)
{
    FieldReader f(object, std::move(path), true);
    SearchResult r;
    r.message.seq = int64(f, "seq");
    r.message.tsMs = timestamp(f, "ts");
    r.message.from = user(f, "user");
    r.message.kind = f.string("kind");
    if (const Json *body = f.object("body"))
        r.message.body = *body;
    r.snippet = f.string("snippet");
    if (!f.ok())
        parent.fail(f.takeError());
    return r;
}

ServerFrame search(FieldReader &f, const Json &)
{
    SearchReply s;
    s.id = requestId(f);
    s.room = f.string("room");
    s.results = list<SearchResult>(f, "results", searchResult);
    for (SearchResult &r : s.results)
        r.message.room = s.room;
    return s;
}

ServerFrame typing(FieldReader &f, const Json &)
{
    TypingEvent t;
    t.room = f.string("room");
    t.user = user(f, "user");
    return t;
}

template <bool Joined> ServerFrame presenceEvent(FieldReader &f, const Json &)
{
    PresenceEvent p;
    p.joined = Joined;
    p.room = f.string("room");
    p.user = user(f, "user");
    p.tsMs = timestamp(f, "ts");
    return p;
}

ServerFrame presence(FieldReader &f, const Json &)
{
    PresenceReply p;
    p.id = requestId(f);
    p.room = f.string("room");
    p.users = users(f, "users");
    return p;
}

ServerFrame pong(FieldReader &f, const Json &)
{
    Pong p;
    p.id = requestId(f);
    p.tsMs = timestamp(f, "ts");
    return p;
}

ServerFrame refreshed(FieldReader &f, const Json &)
{
    Refreshed r;
    r.id = requestId(f);
    r.exp = int64(f, "exp");
    return r;
}

ServerFrame error(FieldReader &f, const Json &)
{
    ErrorReply e;
    e.id = requestId(f);
    e.code = f.string("code");
    e.message = f.string("message");
    e.retryAfterMs = f.optionalInteger("retry_after_ms", 0, kInt64Max, "must be an integer >= 0");
    return e;
}

ServerFrame goaway(FieldReader &f, const Json &)
{
    Goaway g;
    // Absent means "no reason given" (the encoder omits an empty one).
    g.reason = f.optionalString("reason").value_or(std::string());
    g.reconnectInMs = f.integer("reconnect_in_ms", 0, kInt64Max, "must be an integer >= 0");
    return g;
}

using DecodeFn = ServerFrame (*)(FieldReader &, const Json &);

constexpr std::array<std::pair<std::string_view, DecodeFn>, 15> kDecoders{{
    {"welcome", welcome},
    {"subscribed", subscribed},
    {"unsubscribed", unsubscribed},
    {"ack", ack},
    {"message", message},
    {"history", history},
    {"typing", typing},
    {"join", presenceEvent<true>},
    {"leave", presenceEvent<false>},
    {"presence", presence},
    {"pong", pong},
    {"refreshed", refreshed},
    {"error", error},
    {"goaway", goaway},
    {"search", search},
}};

} // namespace

Expected<ServerFrame> decodeServerFrame(std::string_view text, const DecodeLimits &limits)
{
    if (auto limitError = detail::checkFrameLimits(text, limits))
        return *limitError;
    const Json doc = detail::parseJson(text);
    if (doc.is_discarded())
        return badRequest({}, "not JSON");
    if (!doc.is_object())
        return badRequest({}, "must be an object");

    FieldReader fields(doc, {}, /*nullIsAbsent=*/true);
    const std::string type = fields.string("type");
    if (!fields.ok())
        return fields.takeError();
    for (const auto &[name, decode] : kDecoders) {
        if (name != type)
            continue;
        ServerFrame frame = decode(fields, doc);
        if (!fields.ok())
            return fields.takeError();
        return frame;
    }
    return badRequest("type", "unknown frame type");
}

} // namespace roomcast::protocol
