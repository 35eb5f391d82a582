#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include "protocol/token.h"

#include <QByteArray>

#include <string>

#include <variant>

namespace roomcast::server {
class Node;
}

namespace roomcast::server::http {

//! Who is calling an HTTP route: the verified claims of `Authorization: Bearer <JWT>` (or of
//! `?token=` where a route allows it: an EventSource cannot set headers), or the 401 to
//! answer, with `WWW-Authenticate` as RFC 6750 section 3 has it. The token is checked exactly
//! as `hello` checks it (secret, alg, exp with the node's leeway).
std::variant<protocol::Claims, HttpResponse> authorize(const HttpRequest &request, Node &node,
                                                       const QByteArray &queryToken = {});
//! The token authorize() checks: the Bearer one, else `queryToken`; empty when neither.
std::string callerToken(const HttpRequest &request, const QByteArray &queryToken = {});

} // namespace roomcast::server::http
