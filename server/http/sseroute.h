#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QByteArray>

#include <optional>

class QTcpSocket;

namespace roomcast::server {
class Node;
}

namespace roomcast::server::http {

//! GET /api/rooms/{room}/events: checks the request (token as Bearer or `?token=`, the
//! room's read right, `Accept`, Last-Event-ID or `?since=`) and either refuses it with the
//! status to answer or turns the socket into an SseStream that the node serves.
class SseRoute
{
public:
    explicit SseRoute(Node &node) : m_node(node) {}

    //! The refusal to answer, or nullopt once the socket streams (it is the stream's then).
    std::optional<HttpResponse> handle(const QByteArray &room, const HttpRequest &request,
                                       QTcpSocket *socket);

private:
    Node &m_node;
};

} // namespace roomcast::server::http
