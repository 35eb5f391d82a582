#include "searchroute.h"

#include "bearerauth.h"
#include "errorresponse.h"
#include "formquery.h"

#include "node/node.h"

#include "protocol/codec.h"
#include "protocol/roomname.h"

#include <optional>

namespace roomcast::server::http {

using protocol::ErrorCode;

void SearchRoute::handle(const QByteArray &roomBytes, const HttpRequest &request, const Done &done)
{
    const auto refuse = [&](ErrorCode code, const std::string &message) {
        done(errorResponse(m_node.metrics(), code, message));
    };
    auto caller = authorize(request, m_node);
    if (auto *refusal = std::get_if<HttpResponse>(&caller)) {
        done(*refusal);
        return;
    }
    protocol::SearchRequest search;
    search.room = roomBytes.toStdString();
    if (!protocol::isValidRoomName(search.room)) {
        refuse(ErrorCode::BadRequest, "room: must be 1-64 characters of [A-Za-z0-9_.:-]");
        return;
    }
    const QUrlQuery query = formQuery(request.target);
    const std::optional<QString> q = formField(query, QStringLiteral("q"));
    if (!q || q->isEmpty()) {
        refuse(ErrorCode::BadRequest, "q: a search query is required (?q=...)");
        return;
    }
    search.q = q->toStdString();
    if (const std::optional<QString> limit = formField(query, QStringLiteral("limit"))) {
        bool ok = false;
        const int n = limit->toInt(&ok);
        if (!ok || n < 1 || n > 100) {
            refuse(ErrorCode::BadRequest, "limit: must be an integer from 1 to 100");
            return;
        }
        search.limit = n;
    }
    // Not `this`: the backend may answer while the node is torn down, after the routes.
    m_node.search(
        std::get<protocol::Claims>(caller).rooms, search,
        [node = &m_node, done](protocol::Expected<protocol::SearchReply> reply) {
            if (!reply) {
                done(errorResponse(node->metrics(), reply.error().code, reply.error().message));
                return;
            }
            // The WebSocket reply's fields, written once (no type, no id).
            HttpResponse r;
            r.body = QByteArray::fromStdString(
                protocol::encodeSearchResults(reply.value().room, reply.value().results));
            done(r);
        });
}

} // namespace roomcast::server::http
