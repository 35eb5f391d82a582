// ClusterBackend: append (one script: seq, XADD, idempotency, PUBLISH) and the reads
// (subscribe with recovery, history, presence).
#include "clusterbackend.h"

#include "clusterbackend_p.h"
#include "clusterscripts.h"
#include "logging.h"

#include "protocol/codec.h"
#include "protocol/timestamp.h"

namespace roomcast::server {

using namespace clusterdetail;

// ---- storage --------------------------------------------------------------------------

void ClusterBackend::append(protocol::Message message,
                            std::function<void(const AppendResult &)> done)
{
    AppendResult failed;
    failed.error = lostError();
    if (!busUp()) {
        done(failed);
        return;
    }
    message.tsMs = m_options.clock();
    const protocol::MessageTemplate text = protocol::encodeMessageTemplate(message);
    std::string idemKey;
    if (!message.clientMsgId.empty())
        idemKey = "rc:i:" + std::to_string(message.from.id.size()) + ":" + message.from.id + ":" +
                  message.clientMsgId;
    const std::string room = message.room;
    auto shared = std::make_shared<std::function<void(const AppendResult &)>>(std::move(done));
    const bool sent = eval(
        scripts::kAppend, {"rc:epoch", roomKey("r", room), roomKey("s", room), idemKey},
        {randomHex(8), text.head, text.tail, std::to_string(m_options.retention), channelOf(room),
         std::to_string(message.tsMs), std::to_string(m_options.idempotencySecs), room},
        [this, shared, message = std::move(message)](const RedisValue *reply) mutable {
            AppendResult result;
            if (!reply || reply->type != RedisValue::Type::Array || reply->elements.size() < 3) {
                result.error = badReply(reply);
                (*shared)(result);
                return;
            }
            result.ok = true;
            result.duplicate = reply->elements[0].integer == 1;
            if (!result.duplicate && reply->elements[2].str != m_epoch) {
                if (m_epoch.empty())
                    m_epoch = reply->elements[2].str;
                else
                    epochChanged(reply->elements[2].str);
            }
            result.message = std::move(message);
            result.message.seq = reply->elements[1].integer;
            if (result.duplicate) {
                result.message.tsMs = reply->elements[2].integer;
                if (reply->elements.size() > 3 && !reply->elements[3].str.empty())
                    result.message.room = reply->elements[3].str; // where it was first stored
            }
            (*shared)(result);
        });
    if (!sent)
        (*shared)(failed);
}

void ClusterBackend::flush()
{
    // Appends in flight finish on their own: their callbacks still run during the drain.
}

void ClusterBackend::readForSubscribe(const std::string &room,
                                      const std::optional<protocol::Since> &since, int limit,
                                      BackendReply<SubscribeRead> done)
{
    auto shared = std::make_shared<BackendReply<SubscribeRead>>(std::move(done));
    const bool sent = eval(
        scripts::kSubscribeRead,
        {"rc:epoch", roomKey("r", room), roomKey("s", room), roomKey("p", room)},
        {randomHex(8), since ? since->epoch : std::string(), std::to_string(since ? since->seq : 0),
         std::to_string(limit), std::to_string(kMaxRecovery)},
        [shared](const RedisValue *reply) {
            if (!reply || reply->type != RedisValue::Type::Array || reply->elements.size() < 6) {
                (*shared)(badReply(reply));
                return;
            }
            const auto &e = reply->elements;
            SubscribeRead read;
            read.state.epoch = e[0].str;
            read.state.seq = e[1].integer;
            read.state.firstSeq = e[2].integer;
            read.recovered = e[3].integer == 1;
            read.history = strings(e[4]);
            read.presence = users(e[5]);
            (*shared)(std::move(read));
        });
    if (!sent)
        (*shared)(lostError());
}

void ClusterBackend::readHistory(const std::string &room, std::optional<std::int64_t> before,
                                 int limit, BackendReply<HistoryRead> done)
{
    auto shared = std::make_shared<BackendReply<HistoryRead>>(std::move(done));
    const bool sent = eval(
        scripts::kHistory, {roomKey("s", room)},
        {before ? std::to_string(*before) : std::string(), std::to_string(limit)},
        [shared](const RedisValue *reply) {
            if (!reply || reply->type != RedisValue::Type::Array || reply->elements.size() < 2) {
                (*shared)(badReply(reply));
                return;
            }
            HistoryRead read;
            read.messages = strings(reply->elements[0]);
            read.more = reply->elements[1].integer == 1;
            (*shared)(std::move(read));
        });
    if (!sent)
        (*shared)(lostError());
}

void ClusterBackend::readPresence(const std::string &room,
                                  BackendReply<std::vector<protocol::UserRef>> done)
{
    auto shared = std::make_shared<BackendReply<std::vector<protocol::UserRef>>>(std::move(done));
    const bool sent =
        m_cmd->command({"HVALS", roomKey("p", room)}, [shared](const RedisValue *reply) {
            if (!reply || reply->type != RedisValue::Type::Array) {
                (*shared)(badReply(reply));
                return;
            }
            (*shared)(users(*reply));
        });
    if (!sent)
        (*shared)(lostError());
}

} // namespace roomcast::server
