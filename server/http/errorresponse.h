#pragma once

#include "httpresponse.h"

#include "protocol/errorcode.h"

#include <string>

namespace roomcast::server {
class Metrics;
}

namespace roomcast::server::http {

//! The HTTP status of a protocol error code (bad_request 400 ... unavailable 503).
int statusOf(protocol::ErrorCode code);
//! Every route's refusal: `{"code","message"}` with statusOf(code), `Retry-After: 1` for
//! `unavailable` (nothing was done: retry), counted in roomcast_errors_total{code}.
HttpResponse errorResponse(Metrics &metrics, protocol::ErrorCode code, const std::string &message);

} // namespace roomcast::server::http
