// Node: searching a room's retained messages (WebSocket `search`, GET
// /api/rooms/{room}/messages?q=).
#include "node/node.h"

#include "backend/roombackend.h"
#include "node/session.h"
#include "search/snippet.h"

#include "protocol/roomname.h"

namespace roomcast::server {

using protocol::ErrorCode;

void Node::search(const std::optional<std::vector<std::string>> &rights,
                  const protocol::SearchRequest &request, SearchDone done)
{
    if (!protocol::roomAllowed(rights, request.room)) {
        done(protocol::Error{ErrorCode::Forbidden, "room",
                             "room: " + request.room + " is not allowed by the token"});
        return;
    }
    auto query = search::Query::parse(request.q);
    if (!query) {
        done(query.error());
        return;
    }
    m_metrics.search();
    m_backend->search(
        request.room, query.value(), request.limit,
        [room = request.room, query = query.value(),
         done = std::move(done)](protocol::Expected<std::vector<protocol::Message>> found) {
            if (!found) {
                done(found.error());
                return;
            }
            protocol::SearchReply reply;
            reply.room = room;
            for (protocol::Message &m : found.value()) {
                std::string snippet = search::snippet(search::searchableText(m.body), query);
                reply.results.push_back(protocol::SearchResult{std::move(m), std::move(snippet)});
            }
            done(std::move(reply));
        });
}

void Node::handleSearch(Session *s, const protocol::Json &id, const protocol::SearchRequest &req)
{
    search(s->claims.rooms, req,
           [this, sessionId = s->id(), id](protocol::Expected<protocol::SearchReply> reply) {
               Session *s = liveSession(sessionId);
               if (!s)
                   return;
               if (!reply) {
                   sendError(s, id, reply.error().code, reply.error().message);
                   return;
               }
               reply.value().id = id;
               sendFrame(s, reply.value());
           });
}

} // namespace roomcast::server
