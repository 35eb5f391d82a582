#pragma once

#include "expected.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roomcast::protocol {

//! The claims of a Roomcast HS256 token (PROTOCOL.md section 2, "Tokens").
struct Claims
{
    std::string sub;
    std::string name;  //!< defaults to sub when the claim is absent
    std::int64_t exp = 0;
    std::optional<std::vector<std::string>> rooms; //!< absent = every room
    bool pub = true;   //!< false = read-only
};

//! Signs claims as `header.payload.signature` (base64url, no padding, alg HS256).
std::string signToken(const Claims &claims, std::string_view secret);

//! Verifies a token: alg must be HS256 (header checked, `none` and others refused),
//! signature compared in constant time, claims typed and validated, `exp` checked against
//! `nowSecs` with `leewaySecs` of tolerance. Errors have code Unauthorized and say why.
Expected<Claims> verifyToken(std::string_view token, std::string_view secret, std::int64_t nowSecs,
                             std::int64_t leewaySecs = 30);

//! Constant-time comparison of two byte strings (length is not secret).
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace roomcast::protocol
