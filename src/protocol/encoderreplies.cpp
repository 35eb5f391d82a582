// The replies that carry messages or users: subscribed, history, search, presence.

#include "codec.h"
#include "encoder_p.h"
#include "timestamp.h"

namespace roomcast::protocol {

namespace detail {

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

std::string encodeFrame(const Subscribed &f)
{
    return encodeSubscribed(f, encodeAll(f.history));
}

std::string encodeFrame(const HistoryReply &f)
{
    return encodeHistoryReply(f, encodeAll(f.messages));
}

void writeSearchFields(JsonWriter &w, const std::string &room,
                       const std::vector<SearchResult> &results)
{
    w.str("room", room);
    w.key("results");
    w.beginArray();
    for (const SearchResult &r : results) {
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
}

std::string encodeFrame(const SearchReply &f)
{
    JsonWriter w;
    begin(w, "search");
    w.id(f.id);
    writeSearchFields(w, f.room, f.results);
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

} // namespace detail

using namespace detail;

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

std::string encodeSearchResults(const std::string &room, const std::vector<SearchResult> &results)
{
    JsonWriter w;
    w.beginObject();
    writeSearchFields(w, room, results);
    w.endObject();
    return w.take();
}

} // namespace roomcast::protocol
