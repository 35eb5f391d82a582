#include "errorcode.h"

#include <array>
#include <utility>

namespace roomcast::protocol {

namespace {

// One table, so the two directions can never disagree.
constexpr std::array<std::pair<ErrorCode, std::string_view>, 9> kNames{{
    {ErrorCode::BadRequest, "bad_request"},
    {ErrorCode::Unauthorized, "unauthorized"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::UnsupportedProtocol, "unsupported_protocol"},
    {ErrorCode::NotSubscribed, "not_subscribed"},
    {ErrorCode::TooManyRooms, "too_many_rooms"},
    {ErrorCode::RateLimited, "rate_limited"},
    {ErrorCode::Unavailable, "unavailable"},
    {ErrorCode::Internal, "internal"},
}};

} // namespace

std::string_view toString(ErrorCode code)
{
    for (const auto &[value, name] : kNames) {
        if (value == code)
            return name;
    }
    return "internal";
}

std::optional<ErrorCode> errorCodeFromString(std::string_view text)
{
    for (const auto &[value, name] : kNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

} // namespace roomcast::protocol
