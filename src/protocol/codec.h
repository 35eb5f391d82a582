#pragma once

#include "expected.h"
#include "frames.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace roomcast::protocol {

//! Limits applied before and while parsing, so hostile input costs little.
struct DecodeLimits
{
    std::size_t maxBytes = 65536; //!< checked before parsing
    int maxDepth = 32;            //!< nesting of objects/arrays, checked before parsing
};

//! Why a client frame was refused, and the request id when it could be read
//! (null Json otherwise) so the error reply can echo it.
struct DecodeFailure
{
    Error error;
    Json id;
};

//! Turns one text frame into a typed client request, or a failure naming the offending
//! field. Validates every field PROTOCOL.md defines (room names, kinds, known kinds'
//! bodies, limits, ids). Never throws.
std::variant<Request, DecodeFailure> decodeClientFrame(std::string_view text,
                                                       const DecodeLimits &limits = {});

//! Turns one text frame from a server into a typed frame (for clients). Unknown frame
//! types are an error with field "type". Never throws.
Expected<ServerFrame> decodeServerFrame(std::string_view text, const DecodeLimits &limits = {});

//! Encoders: one compact JSON text per frame. Fields that are empty/absent are omitted
//! (an `id` that is null, an empty client_msg_id, an absent retry_after_ms, ...).
std::string encode(const Request &request);
std::string encode(const ServerFrame &frame);
std::string encodeMessage(const Message &message);
//! A message event split around its `seq` value: `head + std::to_string(seq) + tail` is
//! exactly encodeMessage() with that seq. Lets a store that assigns seq atomically (the
//! cluster's Redis script) build the event without a JSON library.
struct MessageTemplate
{
    std::string head;
    std::string tail;
};
MessageTemplate encodeMessageTemplate(const Message &message);
//! `{"id":..,"name":..}` as it appears inside events (join/leave, presence lists).
std::string encodeUser(const UserRef &user);

//! Subscribed/HistoryReply with the message list given as already-encoded message events,
//! so a server can reuse the bytes it serialized once for broadcast.
std::string encodeSubscribed(const Subscribed &frame,
                             const std::vector<std::string> &encodedHistory);
std::string encodeHistoryReply(const HistoryReply &frame,
                               const std::vector<std::string> &encodedMessages);
//! `{"room":..,"results":[..]}`: a search reply without `type` and `id` (the HTTP answer).
std::string encodeSearchResults(const std::string &room, const std::vector<SearchResult> &results);

//! Validation shared by the decoder, the HTTP route and the store.
Expected<bool> validateKindAndBody(const std::string &kind, const Json &body);
Expected<bool> validateRequestId(const Json &id);

} // namespace roomcast::protocol
