#include "sseroute.h"

#include "bearerauth.h"
#include "errorresponse.h"
#include "formquery.h"
#include "ssestream.h"

#include "node/node.h"

#include "protocol/codec.h"
#include "protocol/roomname.h"

namespace roomcast::server::http {

using protocol::ErrorCode;

namespace {

//! Whether an Accept header admits text/event-stream (absent admits everything).
bool acceptsEventStream(const std::optional<QByteArray> &accept)
{
    if (!accept)
        return true;
    for (const QByteArray &range : accept->split(',')) {
        const QByteArray type = range.split(';').first().trimmed().toLower();
        if (type == "text/event-stream" || type == "text/*" || type == "*/*")
            return true;
    }
    return false;
}

} // namespace

std::optional<HttpResponse> SseRoute::handle(const QByteArray &roomBytes,
                                             const HttpRequest &request, QTcpSocket *socket)
{
    const auto refuse = [&](ErrorCode code, const std::string &message) {
        return errorResponse(m_node.metrics(), code, message);
    };
    const QUrlQuery query = formQuery(request.target);
    const QByteArray queryToken =
        formField(query, QStringLiteral("token")).value_or(QString()).toUtf8();
    auto caller = authorize(request, m_node, queryToken);
    if (auto *refusal = std::get_if<HttpResponse>(&caller))
        return *refusal;
    const std::string room = roomBytes.toStdString();
    if (!protocol::isValidRoomName(room))
        return refuse(ErrorCode::BadRequest, "room: must be 1-64 characters of [A-Za-z0-9_.:-]");
    if (!protocol::roomAllowed(std::get<protocol::Claims>(caller).rooms, room))
        return refuse(ErrorCode::Forbidden, "room: " + room + " is not allowed by the token");
    if (!acceptsEventStream(request.header("accept")))
        return HttpResponse::error(406, "not_acceptable",
                                   "this route answers text/event-stream only");

    // EventSource sends Last-Event-ID when it reconnects: it wins over the URL's `since`.
    std::optional<SseStream::Position> since;
    const std::optional<QByteArray> lastId = request.header("last-event-id");
    const std::optional<QString> sinceField = formField(query, QStringLiteral("since"));
    if (lastId || sinceField) {
        const QByteArray text = lastId ? *lastId : sinceField->toUtf8();
        since = SseStream::parsePosition(text);
        if (!since)
            return refuse(ErrorCode::BadRequest, std::string(lastId ? "Last-Event-ID" : "since") +
                                                     ": must be <epoch>:<seq> as in an event's id");
    }
    if (m_node.shuttingDown())
        return refuse(ErrorCode::Unavailable, "the node is shutting down");
    auto *stream = new SseStream(socket, room, std::move(since));
    stream->start(m_node, callerToken(request, queryToken)); // its `hello` carries the token
    return std::nullopt;
}

} // namespace roomcast::server::http
