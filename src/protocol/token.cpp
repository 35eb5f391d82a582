// HS256 JWT: signToken / verifyToken (PROTOCOL.md section 2, "Tokens", and section 9).
// Errors never quote the token, its parts or the secret.

#include "token.h"
#include "jsonfields.h"
#include "jsonwriter.h"
#include "roomname.h"
#include <cmath>

#include <QByteArray>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>
#include <limits>

namespace roomcast::protocol {

namespace {

using detail::FieldReader;

constexpr std::size_t kMaxTokenBytes = 8192;
constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

Error unauthorized(std::string field, const std::string &what)
{
    Error error = badRequest(std::move(field), what);
    error.code = ErrorCode::Unauthorized;
    return error;
}

QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string base64Url(const QByteArray &data)
{
    return data.toBase64(kBase64Url).toStdString();
}

std::string hmacSha256(std::string_view signingInput, std::string_view secret)
{
    return base64Url(QMessageAuthenticationCode::hash(bytes(signingInput), bytes(secret),
                                                      QCryptographicHash::Sha256));
}

// Strict base64url without padding: only [A-Za-z0-9_-], and a length a real encoding has.
std::optional<std::string> decodeBase64Url(std::string_view part)
{
    if (part.empty() || part.size() % 4 == 1)
        return std::nullopt;
    for (char c : part) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    const auto result = QByteArray::fromBase64Encoding(
        bytes(part), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded.toStdString();
}

std::optional<Json> decodeJsonPart(std::string_view part)
{
    const std::optional<std::string> text = decodeBase64Url(part);
    if (!text)
        return std::nullopt;
    Json json = detail::parseJson(*text);
    if (json.is_discarded() || !json.is_object())
        return std::nullopt;
    return json;
}

std::optional<Error> checkHeader(const Json &header)
{
    const auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string() || alg->get_ref<const std::string &>() != "HS256")
        return unauthorized({}, "unsupported alg");
    if (const auto typ = header.find("typ"); typ != header.end() && !typ->is_string())
        return unauthorized({}, "malformed token header");
    // RFC 7515 4.1.11: extensions we do not understand must not be ignored.
    if (header.contains("crit"))
        return unauthorized({}, "unsupported header crit");
    return std::nullopt;
}

// Claims are typed strictly; an explicit null is a wrong type (never "absent"), so a
// `"rooms": null` cannot silently grant every room.
Expected<Claims> readClaims(const Json &payload)
{
    FieldReader f(payload, {}, /*nullIsAbsent=*/false);
    Claims claims;
    claims.sub = f.string("sub");
    if (f.ok() && !isValidUserId(claims.sub))
        f.fail("sub", "must be 1-64 characters of [A-Za-z0-9_.@-]");
    if (f.has("name"))
        claims.name = f.string("name");
    if (claims.name.empty())
        claims.name = claims.sub;
    // RFC 7519 NumericDate may carry a fraction: floor it.
    if (const Json *exp = f.find("exp"); exp && exp->is_number_float()) {
        const double v = exp->get<double>();
        if (std::isfinite(v) && v > -9.2e18 && v < 9.2e18)
            claims.exp = static_cast<std::int64_t>(std::floor(v));
        else
            f.fail("exp", "must be a number");
    } else {
        claims.exp = f.integer("exp", std::numeric_limits<std::int64_t>::min(),
                               std::numeric_limits<std::int64_t>::max(), "must be a number");
    }
    if (f.has("rooms")) {
        if (const Json *rooms = f.array("rooms")) {
            std::vector<std::string> patterns;
            patterns.reserve(rooms->size());
            for (std::size_t i = 0; i < rooms->size() && f.ok(); ++i) {
                const Json &item = (*rooms)[i];
                if (!item.is_string() || !isValidRoomPattern(item.get_ref<const std::string &>()))
                    f.fail("rooms[" + std::to_string(i) + ']',
                           "must be a room pattern (1-64 characters of [A-Za-z0-9_.:-*])");
                else
                    patterns.push_back(item.get<std::string>());
            }
            claims.rooms = std::move(patterns);
        }
    }
    if (f.has("pub"))
        claims.pub = f.boolean("pub");
    if (!f.ok()) {
        Error error = f.takeError();
        error.code = ErrorCode::Unauthorized;
        return error;
    }
    return claims;
}

bool expired(std::int64_t exp, std::int64_t nowSecs, std::int64_t leewaySecs)
{
    const std::int64_t leeway = std::max<std::int64_t>(leewaySecs, 0);
    if (exp > std::numeric_limits<std::int64_t>::max() - leeway)
        return false;
    return nowSecs > exp + leeway;
}

// `nbf` is not a Roomcast claim, but a token that carries one is not valid before it
// (RFC 7519 4.1.5), with the same leeway as `exp`.
std::optional<Error> checkNotBefore(const Json &payload, std::int64_t nowSecs,
                                    std::int64_t leewaySecs)
{
    const auto nbf = payload.find("nbf");
    if (nbf == payload.end())
        return std::nullopt;
    const std::optional<std::int64_t> value = detail::toInt64(*nbf);
    if (!value)
        return unauthorized("nbf", "must be an integer");
    const std::int64_t leeway = std::max<std::int64_t>(leewaySecs, 0);
    if (*value > std::numeric_limits<std::int64_t>::min() + leeway && nowSecs < *value - leeway)
        return unauthorized({}, "token not yet valid");
    return std::nullopt;
}

} // namespace

bool constantTimeEquals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    volatile unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff = diff | static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string signToken(const Claims &claims, std::string_view secret)
{
    Json payload = Json::object();
    payload["sub"] = claims.sub;
    if (!claims.name.empty() && claims.name != claims.sub)
        payload["name"] = claims.name;
    payload["exp"] = claims.exp;
    if (claims.rooms)
        payload["rooms"] = *claims.rooms;
    if (!claims.pub)
        payload["pub"] = false;

    // base64url of {"alg":"HS256","typ":"JWT"}
    std::string token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    token += '.';
    token += base64Url(bytes(detail::dumpJson(payload)));
    const std::string signature = hmacSha256(token, secret);
    token += '.';
    token += signature;
    return token;
}

Expected<Claims> verifyToken(std::string_view token, std::string_view secret, std::int64_t nowSecs,
                             std::int64_t leewaySecs)
{
    if (token.empty())
        return unauthorized({}, "missing token");
    if (token.size() > kMaxTokenBytes)
        return unauthorized({}, "token too large");
    if (secret.empty())
        return unauthorized({}, "no secret configured");

    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
        return unauthorized({}, "malformed token");
    const std::string_view headerPart = token.substr(0, dot1);
    const std::string_view payloadPart = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view signaturePart = token.substr(dot2 + 1);

    const std::optional<Json> header = decodeJsonPart(headerPart);
    if (!header)
        return unauthorized({}, "malformed token header");
    if (auto error = checkHeader(*header))
        return *error;

    // Compare the encoded signature: a non-canonical base64url spelling of the right bytes
    // is refused instead of being decoded into a match.
    if (!constantTimeEquals(hmacSha256(token.substr(0, dot2), secret), signaturePart))
        return unauthorized({}, "bad signature");

    const std::optional<Json> payload = decodeJsonPart(payloadPart);
    if (!payload)
        return unauthorized({}, "malformed token payload");
    Expected<Claims> claims = readClaims(*payload);
    if (!claims)
        return claims;
    if (expired(claims.value().exp, nowSecs, leewaySecs))
        return unauthorized({}, "token expired");
    if (auto error = checkNotBefore(*payload, nowSecs, leewaySecs))
        return *error;
    return claims;
}

} // namespace roomcast::protocol
