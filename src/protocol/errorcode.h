#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace roomcast::protocol {

//! Error codes of PROTOCOL.md section 6; the wire spelling comes from toString().
enum class ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    UnsupportedProtocol,
    NotSubscribed,
    TooManyRooms,
    RateLimited,
    Unavailable,
    Internal,
};

std::string_view toString(ErrorCode code);
std::optional<ErrorCode> errorCodeFromString(std::string_view text);

//! WebSocket close codes used by Roomcast (PROTOCOL.md section 6).
enum class CloseCode : std::uint16_t {
    Normal = 1000,
    GoingAway = 1001,
    UnsupportedData = 1003,
    PolicyViolation = 1008,
    TooLarge = 1009,
    HeartbeatTimeout = 4000,
    Unauthorized = 4001,
    HelloTimeout = 4002,
    UnsupportedProtocol = 4003,
};

} // namespace roomcast::protocol
