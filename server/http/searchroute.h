#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <functional>

namespace roomcast::server {
class Node;
}

namespace roomcast::server::http {

//! GET /api/rooms/{room}/messages?q=TEXT&limit=N: the WebSocket `search` over HTTP, with the
//! same query grammar, rights and errors (as 400/401/403/503 with `{"code","message"}`).
//! Answers `200 {"room":R,"results":[{"seq","ts","user","kind","body","snippet"}]}`, newest
//! first. Query parameters are form-encoded (`+` is a space).
class SearchRoute
{
public:
    using Done = std::function<void(const HttpResponse &)>;

    explicit SearchRoute(Node &node) : m_node(node) {}

    //! `room` is the path segment, percent-decoded. `done` runs once, maybe before this returns.
    void handle(const QByteArray &room, const HttpRequest &request, const Done &done);

private:
    Node &m_node;
};

} // namespace roomcast::server::http
