#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roomcast::protocol {

//! 1-64 characters of [A-Za-z0-9_.:-].
bool isValidRoomName(std::string_view room);
//! A room name in which `*` may also appear (matches any run of characters, even empty).
bool isValidRoomPattern(std::string_view pattern);
//! Glob match of one pattern against one room name, linear time (no backtracking blow-up).
bool roomMatches(std::string_view pattern, std::string_view room);
//! A token's `rooms` claim: absent allows every room, an empty list allows none.
bool roomAllowed(const std::optional<std::vector<std::string>> &patterns, std::string_view room);

//! 1-64 characters of [A-Za-z0-9_.@-] (a token's `sub`).
bool isValidUserId(std::string_view id);
//! 1-32 characters of [a-z0-9_.-].
bool isValidKind(std::string_view kind);

} // namespace roomcast::protocol
