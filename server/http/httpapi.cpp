#include "httpapi.h"

#include "httpconnection.h"
#include "node/node.h"
#include "server/logging.h"

#include <QTcpSocket>

namespace roomcast::server::http {

namespace {

constexpr QByteArrayView kRoomsPrefix("/api/rooms/");
constexpr QByteArrayView kMessagesSuffix("/messages");
constexpr QByteArrayView kEventsSuffix("/events");

HttpResponse methodNotAllowed(const QByteArray &allow)
{
    HttpResponse r = HttpResponse::error(
        405, "method_not_allowed", "method not allowed here; allowed: " + allow.toStdString());
    r.headers.emplace_back(QByteArrayLiteral("Allow"), allow);
    return r;
}

//! The `{room}` of /api/rooms/{room}<suffix>, still percent-encoded; nullopt for other paths.
std::optional<QByteArray> roomOf(const QByteArray &path, QByteArrayView suffix)
{
    if (!path.startsWith(kRoomsPrefix) || !path.endsWith(suffix))
        return std::nullopt;
    const qsizetype length = path.size() - kRoomsPrefix.size() - suffix.size();
    if (length <= 0)
        return std::nullopt;
    QByteArray room = path.mid(kRoomsPrefix.size(), length);
    if (room.contains('/'))
        return std::nullopt;
    return room;
}

} // namespace

HttpApi::HttpApi(Node &node, QObject *parent)
    : QObject(parent), m_node(node), m_publish(node), m_search(node), m_events(node)
{}

void HttpApi::serve(QTcpSocket *socket)
{
    const HttpLimits limits{16384, m_node.config().maxFrameBytes};
    auto *connection =
        new HttpConnection(socket, limits, [self = QPointer<HttpApi>(this)](HttpConnection *c) {
            if (self)
                self->route(c);
        });
    connection->start();
}

void HttpApi::answer(HttpConnection *connection, const std::string &routeName,
                     const HttpResponse &response)
{
    m_node.metrics().httpRequest(routeName, response.status);
    connection->respond(response);
}

std::function<void(const HttpResponse &)> HttpApi::answerLater(HttpConnection *connection,
                                                               const char *routeName)
{
    // The store or the bus may answer while the node is torn down, after this object and
    // the connection are gone: guard both.
    return [self = QPointer<HttpApi>(this), guard = QPointer<HttpConnection>(connection),
            routeName](const HttpResponse &r) {
        if (self)
            self->m_node.metrics().httpRequest(routeName, r.status);
        if (guard)
            guard->respond(r);
    };
}

void HttpApi::route(HttpConnection *connection)
{
    if (connection->failed()) {
        const HttpError &e = connection->error();
        qCDebug(lcServer) << "unreadable HTTP request:" << e.status << e.message.c_str();
        answer(connection, "invalid", HttpResponse::error(e.status, e.code, e.message));
        return;
    }
    const HttpRequest &request = connection->request();
    const QByteArray &method = request.method;
    const bool read = method == "GET" || method == "HEAD";
    if (request.path == "/healthz") {
        answer(connection, "healthz", read ? healthz() : methodNotAllowed("GET, HEAD"));
        return;
    }
    if (request.path == "/metrics") {
        answer(connection, "metrics", read ? metrics() : methodNotAllowed("GET, HEAD"));
        return;
    }
    if (const auto room = roomOf(request.path, kEventsSuffix)) {
        if (method != "GET") {
            answer(connection, "events", methodNotAllowed("GET"));
            return;
        }
        const QByteArray name = QByteArray::fromPercentEncoding(*room);
        if (auto refusal = m_events.handle(name, request, connection->socket()))
            answer(connection, "events", *refusal);
        else
            m_node.metrics().httpRequest("events", 200);
        return;
    }
    if (const auto room = roomOf(request.path, kMessagesSuffix)) {
        if (!read && method != "POST") {
            answer(connection, "publish", methodNotAllowed("GET, HEAD, POST"));
            return;
        }
        const QByteArray name = QByteArray::fromPercentEncoding(*room);
        if (read)
            m_search.handle(name, request, answerLater(connection, "search"));
        else
            m_publish.handle(name, request, answerLater(connection, "publish"));
        return;
    }
    answer(
        connection, "other",
        HttpResponse::error(404, "not_found",
                            "no route for " + request.path.left(200).toStdString() +
                                " (see /healthz, /metrics, GET or POST /api/rooms/{room}/messages, "
                                "GET /api/rooms/{room}/events)"));
}

HttpResponse HttpApi::healthz() const
{
    const Node::Health health = m_node.health();
    const std::string node = m_node.nodeId().toStdString();
    if (health.store && health.bus)
        return HttpResponse::json(200, {{"status", "ok"}, {"node", node}});
    return HttpResponse::json(503, {{"status", "unavailable"},
                                    {"node", node},
                                    {"store", health.store ? "ok" : "down"},
                                    {"bus", health.bus ? "ok" : "down"}});
}

HttpResponse HttpApi::metrics() const
{
    const Node::Health health = m_node.health();
    Metrics::Gauges gauges;
    gauges.connections = m_node.connectionCount();
    gauges.rooms = m_node.roomCount();
    gauges.subscriptions = m_node.subscriptionCount();
    gauges.busUp = health.bus;
    gauges.storeUp = health.store;
    gauges.node = m_node.nodeId().toStdString();
    m_node.webhookGauges(gauges);
    const std::string text = m_node.metrics().exposition(gauges);
    HttpResponse r;
    r.contentType = QByteArrayLiteral("text/plain; version=0.0.4");
    r.body = QByteArray(text.data(), static_cast<qsizetype>(text.size()));
    return r;
}

} // namespace roomcast::server::http
