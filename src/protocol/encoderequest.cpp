// encode(Request): client frames, for clients, the CLI and tests. Keys in PROTOCOL.md order
// ("type" first, then "id"), absent/empty optional fields omitted. Never throws.

#include "codec.h"
#include "jsonwriter.h"

namespace roomcast::protocol {

namespace {

using detail::JsonWriter;

template <typename... F> struct Overloaded : F...
{
    using F::operator()...;
};
template <typename... F> Overloaded(F...) -> Overloaded<F...>;

void writeClientFrame(JsonWriter &w, const Json &id, const ClientFrame &frame)
{
    // "type" first, then "id", then the frame's own fields.
    const auto head = [&](std::string_view type) {
        w.beginObject();
        w.str("type", type);
        w.id(id);
    };
    std::visit(Overloaded{
                   [&](const Hello &f) {
                       head("hello");
                       w.num("protocol", f.protocol);
                       w.str("token", f.token);
                       if (!f.client.empty())
                           w.str("client", f.client);
                   },
                   [&](const Subscribe &f) {
                       head("subscribe");
                       w.str("room", f.room);
                       if (f.since) {
                           w.key("since");
                           w.beginObject();
                           w.str("epoch", f.since->epoch);
                           w.num("seq", f.since->seq);
                           w.endObject();
                       }
                       w.num("limit", f.limit);
                   },
                   [&](const Unsubscribe &f) {
                       head("unsubscribe");
                       w.str("room", f.room);
                   },
                   [&](const Publish &f) {
                       head("publish");
                       w.str("room", f.room);
                       w.str("kind", f.kind);
                       w.key("body");
                       w.json(f.body);
                       if (!f.clientMsgId.empty())
                           w.str("client_msg_id", f.clientMsgId);
                   },
                   [&](const HistoryRequest &f) {
                       head("history");
                       w.str("room", f.room);
                       if (f.before)
                           w.num("before", *f.before);
                       w.num("limit", f.limit);
                   },
                   [&](const SearchRequest &f) {
                       head("search");
                       w.str("room", f.room);
                       w.str("q", f.q);
                       w.num("limit", f.limit);
                   },
                   [&](const TypingRequest &f) {
                       head("typing");
                       w.str("room", f.room);
                   },
                   [&](const PresenceRequest &f) {
                       head("presence");
                       w.str("room", f.room);
                   },
                   [&](const PingRequest &) { head("ping"); },
                   [&](const Refresh &f) {
                       head("refresh");
                       w.str("token", f.token);
                   },
               },
               frame);
    w.endObject();
}

} // namespace

std::string encode(const Request &request)
{
    JsonWriter w;
    writeClientFrame(w, request.id, request.frame);
    return w.take();
}

} // namespace roomcast::protocol
