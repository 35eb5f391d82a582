#include "errorresponse.h"

#include "node/metrics.h"

namespace roomcast::server::http {

using protocol::ErrorCode;

int statusOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Unauthorized:
        return 401;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::Unavailable:
        return 503;
    case ErrorCode::Internal:
        return 500;
    default:
        return 400;
    }
}

HttpResponse errorResponse(Metrics &metrics, ErrorCode code, const std::string &message)
{
    const std::string name(protocol::toString(code));
    metrics.error(name);
    HttpResponse r = HttpResponse::error(statusOf(code), name, message);
    if (code == ErrorCode::Unavailable)
        r.headers.emplace_back(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    return r;
}

} // namespace roomcast::server::http
