// The field readers of decodeServerFrame: integers, timestamps, ids, users, messages.

#include "codec.h"
#include "serverdecoder_p.h"
#include "timestamp.h"

#include <climits>

namespace roomcast::protocol::detail::serverframe {

std::int64_t int64(FieldReader &f, std::string_view key)
{
    return f.integer(key, kInt64Min, kInt64Max, "must be an integer");
}

int int32(FieldReader &f, std::string_view key)
{
    return static_cast<int>(f.integer(key, INT_MIN, INT_MAX, "must be a 32-bit integer"));
}

std::int64_t timestamp(FieldReader &f, std::string_view key)
{
    const std::string text = f.string(key);
    if (!f.ok())
        return 0;
    const std::optional<std::int64_t> ms = parseTimestamp(text);
    if (!ms)
        f.fail(key, "must be an RFC 3339 timestamp");
    return ms.value_or(0);
}

Json requestId(FieldReader &f)
{
    const Json *id = f.find("id");
    if (!id)
        return nullptr;
    if (auto valid = validateRequestId(*id); !valid) {
        f.fail(valid.error());
        return nullptr;
    }
    return *id;
}

UserRef userObject(const Json &object, std::string path, FieldReader &parent)
{
    FieldReader f(object, std::move(path), true);
    UserRef user;
    user.id = f.string("id");
    user.name = f.string("name");
    if (!f.ok())
        parent.fail(f.takeError());
    return user;
}

UserRef user(FieldReader &f, std::string_view key)
{
    const Json *object = f.object(key);
    return object ? userObject(*object, f.path(key), f) : UserRef{};
}

Message messageObject(const Json &object, std::string path, FieldReader &parent)
{
    FieldReader f(object, std::move(path), true);
    Message m;
    m.room = f.string("room");
    m.seq = int64(f, "seq");
    m.tsMs = timestamp(f, "ts");
    m.from = user(f, "from");
    m.kind = f.string("kind");
    if (const Json *body = f.object("body"))
        m.body = *body;
    m.clientMsgId = f.optionalString("client_msg_id").value_or(std::string());
    if (!f.ok())
        parent.fail(f.takeError());
    return m;
}

std::vector<UserRef> users(FieldReader &f, std::string_view key)
{
    return list<UserRef>(f, key, userObject);
}

std::vector<Message> messages(FieldReader &f, std::string_view key)
{
    return list<Message>(f, key, messageObject);
}

} // namespace roomcast::protocol::detail::serverframe
