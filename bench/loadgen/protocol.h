#pragma once

// The Roomcast frames the load generator sends (built with nlohmann_json, keys in the order
// docs/protocol.md shows them) and the cheap reading of what it receives: the type of a
// frame and its top-level integer fields by string search, no JSON parse per delivery.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roomcast::loadgen {

std::string helloFrame(const std::string &token);
std::string subscribeFrame(std::int64_t id, const std::string &room);
std::string publishFrame(std::int64_t id, const std::string &room, const std::string &text);

//! The value of the frame's `"type"` field ("" when it has none). Both peers write `type`
//! first, which is the fast path; otherwise the first `"type":"..."` of the frame counts.
std::string_view frameType(std::string_view frame);

//! The first `"name":<digits>` of the frame (`key` is `"name":` with its quotes and colon).
std::optional<std::uint64_t> uintField(std::string_view frame, std::string_view key);

//! The top-level `seq` of a `subscribed` reply (parsed properly: its history has seqs too).
std::optional<std::uint64_t> subscribedSeq(std::string_view frame);

} // namespace roomcast::loadgen
