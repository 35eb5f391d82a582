// libFuzzer target: verifyToken on arbitrary bytes, and on arbitrary payloads that carry a
// valid HS256 signature (so claim parsing is reached, not just the signature check). A
// token that verifies must survive signToken -> verifyToken with the same claims.

#include "protocol/token.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace roomcast::protocol;

namespace {

constexpr std::string_view kSecret = "fuzz-secret";
constexpr std::int64_t kNow = 1795000000;

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::string signPayload(const QByteArray &payload)
{
    const QByteArray input = b64(R"({"alg":"HS256","typ":"JWT"})") + '.' + b64(payload);
    const QByteArray mac = QMessageAuthenticationCode::hash(
        input, QByteArray(kSecret.data(), kSecret.size()), QCryptographicHash::Sha256);
    return (input + '.' + b64(mac)).toStdString();
}

void check(const Expected<Claims> &result)
{
    if (!result) {
        if (result.error().code != ErrorCode::Unauthorized || result.error().message.empty())
            std::abort();
        return;
    }
    const Claims &claims = result.value();
    const Expected<Claims> again = verifyToken(signToken(claims, kSecret), kSecret, kNow);
    if (!again)
        std::abort();
    const Claims &back = again.value();
    if (back.sub != claims.sub || back.name != claims.name || back.exp != claims.exp ||
        back.rooms != claims.rooms || back.pub != claims.pub)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    check(verifyToken(text, kSecret, kNow));
    check(verifyToken(signPayload(QByteArray(text.data(), qsizetype(text.size()))), kSecret, kNow));
    return 0;
}
