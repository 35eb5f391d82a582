// decodeClientFrame: one text frame from a client -> a typed Request, or a failure that
// names the offending field (PROTOCOL.md sections 1, 3 and 9).

#include "codec.h"
#include "jsonfields.h"
#include "roomname.h"

#include <algorithm>
#include <array>
#include <climits>
#include <limits>
#include <utility>

namespace roomcast::protocol {

namespace {

using detail::FieldReader;

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
const std::string kRoomWhat = "must be 1-64 characters of [A-Za-z0-9_.:-]";
const std::string kLimitWhat = "must be an integer from 1 to 500";

std::string readRoom(FieldReader &fields)
{
    return fields.checkedString("room", isValidRoomName, kRoomWhat);
}

int readLimit(FieldReader &fields)
{
    return static_cast<int>(fields.optionalInteger("limit", 1, 500, kLimitWhat).value_or(50));
}

Expected<ClientFrame> decodeHello(Json &doc, FieldReader &fields)
{
    Hello hello;
    // The protocol is checked before the token (PROTOCOL.md 9): any integer is accepted
    // here, the server answers unsupported_protocol for one it does not speak.
    const Json *protocol = fields.find("protocol");
    if (!protocol || !protocol->is_number_integer())
        return badRequest("protocol", "must be an integer");
    const std::optional<std::int64_t> version = detail::toInt64(*protocol);
    hello.protocol =
        !version ? INT_MAX : static_cast<int>(std::clamp<std::int64_t>(*version, INT_MIN, INT_MAX));
    // A token of the wrong type is left empty: the server refuses it as unauthorized.
    if (auto it = doc.find("token"); it != doc.end() && it->is_string())
        hello.token = std::move(it->get_ref<std::string &>());
    // `client` is informational: a wrong type must not pre-empt the protocol check.
    if (auto it = doc.find("client"); it != doc.end() && it->is_string())
        hello.client = it->get<std::string>();
    if (!fields.ok())
        return fields.takeError();
    return ClientFrame{std::move(hello)};
}

Expected<ClientFrame> decodeSubscribe(Json &, FieldReader &fields)
{
    Subscribe subscribe;
    subscribe.room = readRoom(fields);
    if (fields.has("since")) {
        if (const Json *since = fields.object("since")) {
            FieldReader sinceFields(*since, "since", true);
            Since value;
            value.epoch = sinceFields.string("epoch");
            value.seq = sinceFields.integer("seq", 0, kInt64Max, "must be an integer >= 0");
            if (!sinceFields.ok())
                return sinceFields.takeError();
            subscribe.since = std::move(value);
        }
    }
    subscribe.limit = readLimit(fields);
    if (!fields.ok())
        return fields.takeError();
    return ClientFrame{std::move(subscribe)};
}

template <typename Frame> Expected<ClientFrame> decodeRoomOnly(Json &, FieldReader &fields)
{
    Frame frame;
    frame.room = readRoom(fields);
    if (!fields.ok())
        return fields.takeError();
    return ClientFrame{std::move(frame)};
}

Expected<ClientFrame> decodePublish(Json &doc, FieldReader &fields)
{
    Publish publish;
    publish.room = readRoom(fields);
    publish.kind =
        fields.checkedString("kind", isValidKind, "must be 1-32 characters of [a-z0-9_.-]");
    fields.object("body");
    if (const auto id = fields.optionalString("client_msg_id"); id && fields.ok()) {
        const std::size_t length = detail::codePointCount(*id);
        if (length < 1 || length > 64)
            fields.fail("client_msg_id", "must be a string of 1-64 characters");
        publish.clientMsgId = *id;
    }
    if (!fields.ok())
        return fields.takeError();
    publish.body = std::move(*doc.find("body"));
    if (const auto valid = validateKindAndBody(publish.kind, publish.body); !valid)
        return valid.error();
    return ClientFrame{std::move(publish)};
}

Expected<ClientFrame> decodeHistory(Json &, FieldReader &fields)
{
    HistoryRequest history;
    history.room = readRoom(fields);
    history.before = fields.optionalInteger("before", 1, kInt64Max, "must be an integer >= 1");
    history.limit = readLimit(fields);
    if (!fields.ok())
        return fields.takeError();
    return ClientFrame{std::move(history)};
}

Expected<ClientFrame> decodeSearch(Json &, FieldReader &fields)
{
    SearchRequest search;
    search.room = readRoom(fields);
    search.q = fields.checkedString(
        "q", [](const std::string &q) { return !q.empty(); }, "must be a non-empty string");
    search.limit = static_cast<int>(
        fields.optionalInteger("limit", 1, 100, "must be an integer from 1 to 100").value_or(20));
    if (!fields.ok())
        return fields.takeError();
    return ClientFrame{std::move(search)};
}

Expected<ClientFrame> decodePing(Json &, FieldReader &)
{
    return ClientFrame{PingRequest{}};
}

Expected<ClientFrame> decodeRefresh(Json &, FieldReader &fields)
{
    Refresh refresh;
    refresh.token = fields.string("token");
    if (!fields.ok())
        return fields.takeError();
    return ClientFrame{std::move(refresh)};
}

using DecodeFn = Expected<ClientFrame> (*)(Json &, FieldReader &);

constexpr std::array<std::pair<std::string_view, DecodeFn>, 10> kDecoders{{
    {"hello", decodeHello},
    {"subscribe", decodeSubscribe},
    {"unsubscribe", decodeRoomOnly<Unsubscribe>},
    {"publish", decodePublish},
    {"history", decodeHistory},
    {"typing", decodeRoomOnly<TypingRequest>},
    {"presence", decodeRoomOnly<PresenceRequest>},
    {"ping", decodePing},
    {"refresh", decodeRefresh},
    {"search", decodeSearch},
}};

DecodeFailure failure(Error error, Json id = nullptr)
{
    return DecodeFailure{std::move(error), std::move(id)};
}

} // namespace

std::variant<Request, DecodeFailure> decodeClientFrame(std::string_view text,
                                                       const DecodeLimits &limits)
{
    if (auto error = detail::checkFrameLimits(text, limits))
        return failure(std::move(*error));
    Json doc = detail::parseJson(text);
    if (doc.is_discarded())
        return failure(badRequest({}, "not JSON"));
    if (!doc.is_object())
        return failure(badRequest({}, "must be an object"));

    Json id;
    if (auto it = doc.find("id"); it != doc.end()) {
        // An explicit null is "anything else" (PROTOCOL.md 9), not a missing id.
        if (it->is_null())
            return failure(
                badRequest("id", "must be an integer or a string of at most 64 characters"));
        if (auto valid = validateRequestId(*it); !valid)
            return failure(valid.error());
        id = std::move(*it);
    }

    const auto typeIt = doc.find("type");
    if (typeIt == doc.end() || !typeIt->is_string())
        return failure(badRequest("type", "must be a string"), std::move(id));
    const std::string type = typeIt->get<std::string>();

    FieldReader fields(doc, {}, /*nullIsAbsent=*/true);
    for (const auto &[name, decode] : kDecoders) {
        if (name != type)
            continue;
        Expected<ClientFrame> frame = decode(doc, fields);
        if (!frame)
            return failure(frame.error(), std::move(id));
        return Request{std::move(id), std::move(frame).value()};
    }
    return failure(badRequest("type", "unknown frame type"), std::move(id));
}

} // namespace roomcast::protocol
