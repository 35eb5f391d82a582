#pragma once

#include "httpresponse.h"
#include "publishroute.h"
#include "searchroute.h"
#include "sseroute.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <string>

class QTcpSocket;

namespace roomcast::server {
class Node;
}

namespace roomcast::server::http {

class HttpConnection;

//! The HTTP routes of PROTOCOL.md section 7 (GET /healthz, GET /metrics,
//! POST /api/rooms/{room}/messages), GET /api/rooms/{room}/messages?q= (search) and
//! GET /api/rooms/{room}/events (SSE) for one node. The Listeners hand it every request that is
//! not a WebSocket upgrade on /ws; it reads that one request, answers (or streams), and closes.
class HttpApi : public QObject
{
    Q_OBJECT
public:
    explicit HttpApi(Node &node, QObject *parent = nullptr);

    //! Takes over a socket whose request head is buffered and unread (Listener::httpRequest).
    void serve(QTcpSocket *socket);

private:
    void route(HttpConnection *connection);
    HttpResponse healthz() const;
    HttpResponse metrics() const;
    //! Answers and counts the answer under `routeName` in roomcast_http_requests_total.
    void answer(HttpConnection *connection, const std::string &routeName,
                const HttpResponse &response);

    //! The `done` of a route that answers later (after the store or the bus).
    std::function<void(const HttpResponse &)> answerLater(HttpConnection *connection,
                                                          const char *routeName);

    Node &m_node;
    PublishRoute m_publish;
    SearchRoute m_search;
    SseRoute m_events;
};

} // namespace roomcast::server::http
