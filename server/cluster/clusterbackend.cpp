#include "clusterbackend.h"

#include "clusterscripts.h"
#include "logging.h"

#include "protocol/codec.h"
#include "protocol/timestamp.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <random>

namespace roomcast::server {

using protocol::ErrorCode;

namespace {
constexpr int kMaxRecovery = 500; //!< PROTOCOL.md 9: recovery returns up to 500 messages
constexpr int kFillBatch = 500;   //!< stream entries read per gap-filling round trip
constexpr std::int64_t kIdleUnsubscribeMs = 30000; //!< a room nobody here watches, unsubscribed
constexpr int kRetryMs = 500; //!< after an error reply (-LOADING, -BUSY...): try again

std::string randomHex(int chars)
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < chars; ++i)
        out.push_back(digits[rng() % 16]);
    return out;
}

std::string roomKey(const char *kind, const std::string &room)
{
    return std::string("rc:") + kind + ":" + room;
}

protocol::Error lostError()
{
    return protocol::Error{ErrorCode::Unavailable, "",
                           "the cluster bus (Redis) is unavailable; retry later"};
}

//! A reply that is not what a script returns: the outcome is unknown.
protocol::Error badReply(const RedisValue *reply)
{
    if (!reply)
        return lostError();
    return protocol::Error{
        ErrorCode::Unavailable, "",
        "the cluster bus (Redis) answered: " +
            (reply->isError() ? reply->str : std::string("an unexpected reply"))};
}

std::int64_t seqOfStreamId(const std::string &id)
{
    return std::strtoll(id.c_str(), nullptr, 10); // "<seq>-0"
}

std::vector<std::string> strings(const RedisValue &array)
{
    std::vector<std::string> out;
    out.reserve(array.elements.size());
    for (const RedisValue &v : array.elements)
        out.push_back(v.str);
    return out;
}

std::vector<protocol::UserRef> users(const RedisValue &array)
{
    std::vector<protocol::UserRef> out;
    for (const RedisValue &v : array.elements) {
        const auto json = nlohmann::json::parse(v.str, nullptr, false);
        if (json.is_object() && json.contains("id") && json["id"].is_string())
            out.push_back(protocol::UserRef{json["id"].get<std::string>(),
                                            json.value("name", std::string())});
    }
    sortById(out);
    return out;
}

//! A non-message event on a room channel: `E<len>:<except user><event JSON>`.
std::string eventPayload(const std::string &exceptUser, const std::string &json)
{
    return "E" + std::to_string(exceptUser.size()) + ":" + exceptUser + json;
}
} // namespace

protocol::Expected<std::unique_ptr<ClusterBackend>> ClusterBackend::open(const Options &options)
{
    auto endpoint = RedisEndpoint::parse(options.url);
    if (!endpoint)
        return endpoint.error();
    if (auto probe = RedisClient::probe(endpoint.value(), 2000); !probe)
        return probe.error();
    std::unique_ptr<ClusterBackend> backend(new ClusterBackend(options, endpoint.value()));
    backend->m_cmd->start();
    backend->m_sub->start();
    return backend;
}

ClusterBackend::ClusterBackend(const Options &options, RedisEndpoint endpoint)
    : m_options(options), m_cmd(new RedisClient(endpoint, QStringLiteral("commands"), this)),
      m_sub(new RedisClient(endpoint, QStringLiteral("bus"), this)), m_heartbeat(new QTimer(this)),
      m_bootId(randomHex(16))
{
    if (!m_options.clock)
        m_options.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_cmd->setHandlers({[this] { onCommandUp(); }, {}, {}});
    m_sub->setHandlers({[this] { onBusUp(); }, [this] { onBusDown(); },
                        [this](const std::string &kind, const std::string &channel,
                               const std::string &payload) { onPubsub(kind, channel, payload); }});
    m_heartbeat->setInterval(std::max(100, m_options.presenceTtlMs / 3));
    connect(m_heartbeat, &QTimer::timeout, this, &ClusterBackend::heartbeat);
    m_heartbeat->start();
}

ClusterBackend::~ClusterBackend()
{
    m_events = {}; // replies cut off by the teardown below must not reach the node
}

bool ClusterBackend::storeUp() const
{
    return m_cmd->isUp();
}

bool ClusterBackend::busUp() const
{
    return m_cmd->isUp() && m_sub->isUp();
}

std::string ClusterBackend::channelOf(const std::string &room) const
{
    return roomKey("c", room);
}

bool ClusterBackend::eval(const char *script, std::vector<std::string> keys,
                          std::vector<std::string> args, RedisClient::Callback callback)
{
    // EVALSHA: the scripts are loaded first thing on every connection (onCommandUp), so the
    // publish path sends a digest instead of the script text.
    std::vector<std::string> command{"EVALSHA", shaOf(script), std::to_string(keys.size())};
    command.insert(command.end(), std::make_move_iterator(keys.begin()),
                   std::make_move_iterator(keys.end()));
    command.insert(command.end(), std::make_move_iterator(args.begin()),
                   std::make_move_iterator(args.end()));
    auto retry = command;
    retry[0] = "EVAL";
    retry[1] = script;
    return m_cmd->command(command, [this, retry = std::move(retry), callback = std::move(callback)](
                                       const RedisValue *reply) mutable {
        if (reply && reply->isError() && reply->str.rfind("NOSCRIPT", 0) == 0) {
            // Someone ran SCRIPT FLUSH: send the text (which loads it again).
            qCWarning(lcServer) << "Redis lost Roomcast's scripts; sending them again";
            if (!m_cmd->command(retry, callback) && callback)
                callback(nullptr);
            return;
        }
        if (callback)
            callback(reply);
    });
}

const std::string &ClusterBackend::shaOf(const char *script)
{
    auto it = m_shas.find(script);
    if (it == m_shas.end())
        it = m_shas
                 .emplace(script,
                          QCryptographicHash::hash(QByteArray(script), QCryptographicHash::Sha1)
                              .toHex()
                              .toStdString())
                 .first;
    return it->second;
}

void ClusterBackend::loadScripts()
{
    for (const char *script :
         {scripts::kAppend, scripts::kSubscribeRead, scripts::kHistory, scripts::kPresenceEnter,
          scripts::kPresenceExit, scripts::kHeartbeat, scripts::kEpoch})
        m_cmd->command({"SCRIPT", "LOAD", script}, nullptr);
}

// ---- connections ----------------------------------------------------------------------

void ClusterBackend::onCommandUp()
{
    // First on the new connection, so it runs before any presence change below: our
    // liveness, and the clean-up of a previous life of this node id.
    loadScripts();                             // before anything that runs them, on this connection
    m_lastHeartbeatSeenMs = m_options.clock(); // the bus was not silent, we were away
    m_heartbeatAnswered = true;
    heartbeat();
    syncEpoch();
    reassertPresence();
    auto leaves = std::move(m_unsentLeaves);
    m_unsentLeaves.clear();
    for (const Leave &leave : leaves) {
        auto it = m_present.find(leave.room);
        if (it == m_present.end() || !it->second.count(leave.user.id))
            announcePresence(leave.room, leave.user, false, leave.tsMs);
    }
}

void ClusterBackend::reassertPresence()
{
    for (const auto &[room, present] : m_present)
        for (const auto &[id, user] : present)
            announcePresence(room, user, true, m_options.clock());
}

void ClusterBackend::retrySoon(std::function<void()> again)
{
    QTimer::singleShot(kRetryMs, this, std::move(again));
}

void ClusterBackend::syncEpoch()
{
    const bool sent =
        eval(scripts::kEpoch, {"rc:epoch"}, {randomHex(8)}, [this](const RedisValue *reply) {
            if (!reply)
                return; // lost again: the next reconnection syncs
            if (reply->type != RedisValue::Type::String) {
                retrySoon([this] { syncEpoch(); }); // e.g. -LOADING while Redis reads its AOF
                return;
            }
            if (!m_epoch.empty() && reply->str != m_epoch)
                epochChanged(reply->str);
            m_epoch = reply->str;
            for (auto &[room, r] : m_rooms) {
                if (r.channel != Room::Channel::On)
                    continue;
                if (r.lastSeq < 0)
                    learnBaseline(room);
                else
                    catchUp(room);
            }
        });
    if (!sent && m_cmd->isUp())
        retrySoon([this] { syncEpoch(); });
}

void ClusterBackend::catchUp(const std::string &room)
{
    if (!m_cmd->isUp())
        return; // onCommandUp() catches every subscribed room up
    // A Redis that came back with older data (fsync everysec, a snapshot, a failover) would
    // reuse seqs this node already delivered: that is a new history, hence a new epoch.
    m_cmd->command({"HGET", roomKey("r", room), "seq"}, [this, room](const RedisValue *reply) {
        auto it = m_rooms.find(room);
        if (!reply || it == m_rooms.end())
            return;
        if (reply->isError()) {
            retrySoon([this, room] {
                if (m_rooms.count(room))
                    catchUp(room);
            });
            return;
        }
        if (it->second.lastSeq < 0)
            return; // reset meanwhile: a baseline read decides
        const std::int64_t seq = reply->isNil() ? 0 : std::strtoll(reply->str.c_str(), nullptr, 10);
        if (seq < it->second.lastSeq) {
            const std::string epoch = randomHex(8);
            m_cmd->command({"SET", "rc:epoch", epoch}, nullptr);
            epochChanged(epoch);
            return;
        }
        fill(room);
    });
}

void ClusterBackend::epochChanged(const std::string &epoch)
{
    qCWarning(lcServer) << "the cluster's history was reset: epoch"
                        << QString::fromStdString(m_epoch) << "->" << QString::fromStdString(epoch);
    m_epoch = epoch;
    for (auto &[room, r] : m_rooms) {
        r.lastSeq = -1;
        r.early.clear();
        r.ready = false;
        r.filling = false;
        if (m_events.reset)
            m_events.reset(room); // its subscribers resubscribe and learn the new epoch
        if (r.channel == Room::Channel::On)
            learnBaseline(room);
    }
}

void ClusterBackend::onBusUp()
{
    m_lastHeartbeatSeenMs = m_options.clock();
    m_sub->subscribe(roomKey("hb", m_options.nodeId));
    for (auto &[room, r] : m_rooms) {
        r.channel = Room::Channel::Off;
        if (r.wanted && m_sub->subscribe(channelOf(room)))
            r.channel = Room::Channel::Subscribing;
    }
}

void ClusterBackend::onBusDown()
{
    for (auto it = m_rooms.begin(); it != m_rooms.end();) {
        Room &r = it->second;
        r.channel = Room::Channel::Off;
        r.ready = false; // lastSeq is kept: the gap is filled after the resubscription
        r.filling = false;
        failWaiters(r);
        it = r.wanted ? std::next(it) : m_rooms.erase(it);
    }
}

void ClusterBackend::heartbeat()
{
    const std::int64_t now = m_options.clock();
    const std::int64_t interval = m_heartbeat->interval();
    if (m_cmd->isUp()) {
        if (!m_heartbeatAnswered && now - m_heartbeatSentMs > 2 * interval) {
            m_heartbeatAnswered = true;
            m_cmd->drop(); // a silent network cut: nothing came back
        } else if (m_heartbeatAnswered) {
            m_heartbeatAnswered = false;
            m_heartbeatSentMs = now;
            eval(scripts::kHeartbeat, {"rc:nodes"},
                 {m_options.nodeId, m_bootId, std::to_string(m_options.presenceTtlMs),
                  protocol::formatTimestamp(now)},
                 [this](const RedisValue *reply) {
                     m_heartbeatAnswered = true;
                     if (!reply || reply->type != RedisValue::Type::Array ||
                         reply->elements.size() < 2)
                         return;
                     if (reply->elements[0].integer > 0)
                         qCInfo(lcServer) << "removed the users of" << reply->elements[0].integer
                                          << "node(s) that stopped";
                     if (reply->elements[1].integer == 1 && !m_present.empty()) {
                         qCWarning(lcServer) << "this node's presence was missing from Redis "
                                                "(found silent, or Redis emptied): announcing "
                                                "its users again";
                         reassertPresence();
                     }
                 });
            m_cmd->command({"PUBLISH", roomKey("hb", m_options.nodeId), "1"}, nullptr);
        }
    }
    if (m_sub->isUp() && now - m_lastHeartbeatSeenMs > 3 * interval && m_cmd->isUp()) {
        m_lastHeartbeatSeenMs = now;
        m_sub->drop(); // our own heartbeat no longer comes back on the bus
    }
    sweepIdleChannels();
}

void ClusterBackend::sweepIdleChannels()
{
    const std::int64_t now = m_options.clock();
    for (auto it = m_rooms.begin(); it != m_rooms.end();) {
        Room &r = it->second;
        if (!r.wanted && r.channel == Room::Channel::Off) {
            it = m_rooms.erase(it);
            continue;
        }
        if (!r.wanted && r.channel == Room::Channel::On &&
            now - r.idleSinceMs >= kIdleUnsubscribeMs && m_sub->unsubscribe(channelOf(it->first))) {
            r.channel = Room::Channel::Unsubscribing;
            r.ready = false;
        }
        ++it;
    }
}

// ---- watching rooms -------------------------------------------------------------------

void ClusterBackend::watch(const std::string &room, std::function<void(bool)> ready)
{
    Room &r = m_rooms[room];
    r.wanted = true;
    if (r.ready) {
        ready(true);
        return;
    }
    if (!busUp()) {
        ready(false);
        return;
    }
    r.waiters.push_back(std::move(ready));
    if (r.channel == Room::Channel::Off && m_sub->subscribe(channelOf(room)))
        r.channel = Room::Channel::Subscribing;
    // Subscribing: the confirmation comes; Unsubscribing: we subscribe again once it is done.
}

void ClusterBackend::unwatch(const std::string &room)
{
    if (auto it = m_rooms.find(room); it != m_rooms.end()) {
        it->second.wanted = false;
        it->second.idleSinceMs = m_options.clock();
    }
}

void ClusterBackend::failWaiters(Room &r)
{
    auto waiters = std::move(r.waiters);
    r.waiters.clear();
    for (auto &w : waiters)
        w(false);
}

void ClusterBackend::onPubsub(const std::string &kind, const std::string &channel,
                              const std::string &payload)
{
    static const std::string hb = "rc:hb:";
    if (channel.compare(0, hb.size(), hb) == 0) {
        if (kind == "message")
            m_lastHeartbeatSeenMs = m_options.clock();
        return;
    }
    static const std::string prefix = "rc:c:";
    if (channel.compare(0, prefix.size(), prefix) != 0)
        return;
    const std::string room = channel.substr(prefix.size());
    if (kind == "message") {
        onChannelMessage(room, payload);
        return;
    }
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    Room &r = it->second;
    if (kind == "subscribe") {
        r.channel = Room::Channel::On;
        onSubscribed(room);
    } else if (kind == "unsubscribe") {
        r.channel = Room::Channel::Off;
        r.ready = false;
        r.lastSeq = -1;
        r.early.clear();
        if (r.wanted && m_sub->subscribe(channel))
            r.channel = Room::Channel::Subscribing;
        else if (!r.wanted)
            m_rooms.erase(it);
    }
}

void ClusterBackend::onSubscribed(const std::string &room)
{
    Room &r = m_rooms[room];
    if (r.lastSeq < 0)
        learnBaseline(room);
    else
        catchUp(room); // resubscribed: Redis may have come back with less than we delivered
}

void ClusterBackend::learnBaseline(const std::string &room)
{
    const bool sent =
        m_cmd->command({"HGET", roomKey("r", room), "seq"}, [this, room](const RedisValue *reply) {
            auto it = m_rooms.find(room);
            if (it == m_rooms.end())
                return;
            Room &r = it->second;
            if (r.ready)
                return; // another baseline read (or a fill) got there first: never go back
            if (!reply) {
                failWaiters(r); // retried when the command connection is back
                return;
            }
            if (reply->isError()) {
                retrySoon([this, room] {
                    auto again = m_rooms.find(room);
                    if (again != m_rooms.end() && !again->second.ready &&
                        again->second.channel == Room::Channel::On)
                        learnBaseline(room);
                });
                return;
            }
            // Everything up to here is in the stream, which a subscriber reads next.
            r.lastSeq = reply->isNil() ? 0 : std::strtoll(reply->str.c_str(), nullptr, 10);
            r.ready = true;
            deliverInOrder(room, r);
            auto waiters = std::move(r.waiters);
            r.waiters.clear();
            for (auto &w : waiters)
                w(true);
        });
    if (!sent)
        failWaiters(m_rooms[room]);
}

void ClusterBackend::onChannelMessage(const std::string &room, const std::string &payload)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end() || payload.empty())
        return;
    Room &r = it->second;
    const std::size_t colon = payload.find(':');
    if (colon == std::string::npos)
        return;
    if (payload[0] == 'E') {
        const std::size_t len = std::strtoull(payload.c_str() + 1, nullptr, 10);
        if (colon + 1 + len > payload.size())
            return;
        if (m_events.deliver)
            m_events.deliver(
                room, 0,
                QString::fromUtf8(payload.data() + colon + 1 + len,
                                  static_cast<qsizetype>(payload.size() - colon - 1 - len)),
                payload.substr(colon + 1, len));
        return;
    }
    if (payload[0] != 'M')
        return;
    const std::int64_t seq = std::strtoll(payload.c_str() + 1, nullptr, 10);
    const std::size_t epochEnd = payload.find(':', colon + 1);
    if (seq <= 0 || epochEnd == std::string::npos)
        return;
    const std::string epoch = payload.substr(colon + 1, epochEnd - colon - 1);
    if (m_epoch.empty())
        m_epoch = epoch;
    if (epoch != m_epoch) {
        epochChanged(epoch); // a wiped Redis: seq starts again at 1 under a new epoch
        return;              // this message reaches the resubscribing clients as history
    }
    if (r.lastSeq >= 0 && seq <= r.lastSeq)
        return; // already delivered (a gap fill got there first)
    r.early.emplace(seq, QString::fromUtf8(payload.data() + epochEnd + 1,
                                           static_cast<qsizetype>(payload.size() - epochEnd - 1)));
    if (r.ready && !r.filling)
        deliverInOrder(room, r);
}

void ClusterBackend::deliverInOrder(const std::string &room, Room &r)
{
    while (!r.early.empty()) {
        auto first = r.early.begin();
        if (first->first <= r.lastSeq) {
            r.early.erase(first);
            continue;
        }
        if (first->first != r.lastSeq + 1) {
            fill(room); // a gap: read it from the stream before anything newer
            return;
        }
        r.lastSeq = first->first;
        const QString text = std::move(first->second);
        r.early.erase(first);
        if (m_events.deliver)
            m_events.deliver(room, r.lastSeq, text, {});
    }
}

void ClusterBackend::fill(const std::string &room)
{
    Room &r = m_rooms[room];
    if (r.filling || r.lastSeq < 0)
        return; // a baseline read is what sets the starting point
    const std::int64_t from = r.lastSeq + 1;
    const bool sent = m_cmd->command(
        {"XRANGE", roomKey("s", room), std::to_string(from) + "-0", "+", "COUNT",
         std::to_string(kFillBatch)},
        [this, room](const RedisValue *reply) {
            auto it = m_rooms.find(room);
            if (it == m_rooms.end())
                return;
            Room &r = it->second;
            r.filling = false;
            if (!reply) {
                failWaiters(r); // filled again once the connection is back
                return;
            }
            if (reply->type != RedisValue::Type::Array) {
                retrySoon([this, room] {
                    if (m_rooms.count(room))
                        fill(room);
                });
                return;
            }
            for (const RedisValue &entry : reply->elements) {
                if (entry.elements.size() < 2 || entry.elements[1].elements.size() < 2)
                    continue;
                const std::int64_t seq = seqOfStreamId(entry.elements[0].str);
                if (seq <= r.lastSeq)
                    continue;
                if (seq != r.lastSeq + 1)
                    qCWarning(lcServer)
                        << "room" << QString::fromStdString(room) << "messages" << r.lastSeq + 1
                        << "to" << seq - 1 << "were trimmed before this node could deliver them";
                r.lastSeq = seq;
                if (m_events.deliver)
                    m_events.deliver(room, seq,
                                     QString::fromStdString(entry.elements[1].elements[1].str), {});
            }
            if (reply->elements.size() == static_cast<std::size_t>(kFillBatch)) {
                fill(room);
                return;
            }
            // Whatever is still missing before the early ones is gone from the stream.
            if (!r.early.empty() && r.early.begin()->first > r.lastSeq + 1) {
                qCWarning(lcServer) << "room" << QString::fromStdString(room) << "skipping to seq"
                                    << r.early.begin()->first;
                r.lastSeq = r.early.begin()->first - 1;
            }
            const bool wasReady = r.ready;
            r.ready = true;
            deliverInOrder(room, r);
            if (!wasReady) {
                auto waiters = std::move(r.waiters);
                r.waiters.clear();
                for (auto &w : waiters)
                    w(true);
            }
        });
    r.filling = sent;
    if (!sent)
        failWaiters(r);
}

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

// ---- presence and typing --------------------------------------------------------------

void ClusterBackend::announcePresence(const std::string &room, const protocol::UserRef &user,
                                      bool joined, std::int64_t tsMs)
{
    const std::string field = m_options.nodeId + '\x1f' + user.id;
    const std::string event =
        protocol::encode(protocol::ServerFrame(protocol::PresenceEvent{joined, room, user, tsMs}));
    if (joined) {
        m_present[room][user.id] = user;
        eval(scripts::kPresenceEnter,
             {roomKey("p", room), roomKey("pn", room), roomKey("pc", room),
              roomKey("nr", m_options.nodeId)},
             {field, user.id, protocol::encodeUser(user), room, channelOf(room),
              eventPayload(user.id, event)},
             [this, room, user](const RedisValue *reply) {
                 // Lost: re-asserted from m_present once Redis is back. Refused: again soon.
                 if (reply && reply->isError())
                     retrySoon([this, room, user] {
                         if (auto it = m_present.find(room);
                             it != m_present.end() && it->second.count(user.id))
                             announcePresence(room, user, true, m_options.clock());
                     });
             });
        return;
    }
    if (auto it = m_present.find(room); it != m_present.end()) {
        it->second.erase(user.id);
        if (it->second.empty())
            m_present.erase(it);
    }
    auto unsent = [this, leave = Leave{room, user, tsMs}] { m_unsentLeaves.push_back(leave); };
    const bool sent = eval(scripts::kPresenceExit,
                           {roomKey("p", room), roomKey("pn", room), roomKey("pc", room),
                            roomKey("nr", m_options.nodeId)},
                           {field, user.id, channelOf(room), eventPayload({}, event), room},
                           [unsent](const RedisValue *reply) {
                               if (!reply || reply->isError())
                                   unsent(); // sent again once Redis answers
                           });
    if (!sent)
        unsent();
}

void ClusterBackend::announceTyping(const std::string &room, const protocol::UserRef &user)
{
    const std::string event =
        protocol::encode(protocol::ServerFrame(protocol::TypingEvent{room, user}));
    m_cmd->command({"PUBLISH", channelOf(room), eventPayload(user.id, event)}, nullptr);
}

} // namespace roomcast::server
