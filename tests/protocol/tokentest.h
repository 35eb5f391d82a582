// Shared by the token tests (tst_token, tst_tokensigning): the clock, the secret, and base64url
// as JWTs write it.
#pragma once

#include "protocol/token.h"

#include <QByteArray>

#include <cstdint>
#include <string>

namespace roomcast::test::tokentest {

using namespace roomcast::protocol;

inline constexpr std::int64_t kNow = 1795000000;
inline const std::string kSecret = "correct horse battery staple";

inline QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

inline QByteArray q(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

} // namespace roomcast::test::tokentest
