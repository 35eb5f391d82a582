#include "searchroute.h"

#include "bearerauth.h"
#include "formquery.h"
#include "publishroute.h"

#include "node/node.h"

#include "protocol/codec.h"
#include "protocol/roomname.h"

#include <optional>

namespace roomcast::server::http {

using protocol::ErrorCode;

void SearchRoute::handle(const QByteArray &roomBytes, const HttpRequest &request, const Done &done)
{
    const auto refuse = [&](ErrorCode code, const std::string &message) {
        m_node.metrics().error(protocol::toString(code));
        done(HttpResponse::error(PublishRoute::statusOf(code),
                                 std::string(protocol::toString(code)), message));
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
    m_node.search(std::get<protocol::Claims>(caller).rooms, search,
                  [node = &m_node, done](protocol::Expected<protocol::SearchReply> reply) {
                      if (!reply) {
                          const ErrorCode code = reply.error().code;
                          node->metrics().error(protocol::toString(code));
                          HttpResponse r = HttpResponse::error(
                              PublishRoute::statusOf(code), std::string(protocol::toString(code)),
                              reply.error().message);
                          if (code == ErrorCode::Unavailable)
                              r.headers.emplace_back(QByteArrayLiteral("Retry-After"),
                                                     QByteArrayLiteral("1"));
                          done(r);
                          return;
                      }
                      // The WebSocket reply's shape without its type and id.
                      protocol::Json body = protocol::Json::parse(
                          protocol::encode(protocol::ServerFrame{reply.value()}), nullptr, false);
                      body.erase("type");
                      done(HttpResponse::json(200, body));
                  });
}

} // namespace roomcast::server::http
