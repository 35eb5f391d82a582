// ClusterBackend: search as a bounded scan of the room's retained stream, newest first (the
// stream is capped at the retention, so the scan is too). Matching is search::Query's own,
// the grammar the one-node FTS5 index reads.
#include "clusterbackend.h"

#include "clusterbackend_p.h"

#include "protocol/codec.h"

#include <optional>

namespace roomcast::server {

using namespace clusterdetail;

struct ClusterBackend::SearchScan
{
    std::string key;
    search::Query query;
    int limit = 0;
    int budget = 0; //!< entries still to read: at most the retention
    std::string high = "+";
    std::vector<protocol::Message> found;
    BackendReply<std::vector<protocol::Message>> done;
};

namespace {

//! The message of one stream entry (`[id, [field, event JSON]]`) if it matches `query`.
std::optional<protocol::Message> matching(const search::Query &query, const RedisValue &entry)
{
    if (entry.elements.size() < 2 || entry.elements[1].elements.size() < 2)
        return std::nullopt;
    auto frame = protocol::decodeServerFrame(entry.elements[1].elements[1].str);
    if (!frame)
        return std::nullopt;
    auto *message = std::get_if<protocol::Message>(&frame.value());
    if (!message || !query.matches(search::tokenize(search::searchableText(message->body))))
        return std::nullopt;
    return std::move(*message);
}

} // namespace

void ClusterBackend::search(const std::string &room, const search::Query &query, int limit,
                            BackendReply<std::vector<protocol::Message>> done)
{
    auto scan = std::make_shared<SearchScan>(SearchScan{roomKey("s", room),
                                                        query,
                                                        limit,
                                                        std::max(m_options.retention, kFillBatch),
                                                        "+",
                                                        {},
                                                        std::move(done)});
    scanStream(scan);
}

void ClusterBackend::scanStream(const std::shared_ptr<SearchScan> &scan)
{
    const int count = std::min(kFillBatch, scan->budget);
    const bool sent =
        m_cmd->command({"XREVRANGE", scan->key, scan->high, "-", "COUNT", std::to_string(count)},
                       [this, scan, count](const RedisValue *reply) {
                           if (!reply || reply->type != RedisValue::Type::Array) {
                               scan->done(badReply(reply));
                               return;
                           }
                           for (const RedisValue &entry : reply->elements) {
                               if (auto message = matching(scan->query, entry))
                                   scan->found.push_back(std::move(*message));
                               if (static_cast<int>(scan->found.size()) >= scan->limit)
                                   break;
                           }
                           scan->budget -= static_cast<int>(reply->elements.size());
                           const bool more = static_cast<int>(reply->elements.size()) == count &&
                                             scan->budget > 0 &&
                                             static_cast<int>(scan->found.size()) < scan->limit;
                           if (!more) {
                               scan->done(std::move(scan->found));
                               return;
                           }
                           scan->high =
                               "(" + reply->elements.back().elements.front().str; // exclusive
                           scanStream(scan);
                       });
    if (!sent)
        scan->done(lostError());
}

} // namespace roomcast::server
