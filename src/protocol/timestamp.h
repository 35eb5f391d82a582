#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roomcast::protocol {

//! RFC 3339 UTC with milliseconds: "2026-11-28T12:00:00.000Z".
std::string formatTimestamp(std::int64_t msSinceEpoch);
//! Parses what formatTimestamp writes (and RFC 3339 with an offset); nullopt if malformed.
std::optional<std::int64_t> parseTimestamp(std::string_view text);

} // namespace roomcast::protocol
