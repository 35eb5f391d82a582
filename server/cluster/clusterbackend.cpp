// ClusterBackend: opening, scripts by digest, and the connections to Redis coming and going
// (epoch sync, catch-up, bus up/down). Rooms: clusterrooms.cpp; storage: clusterstorage.cpp;
// presence, typing and the node heartbeat: clusterpresence.cpp.
#include "clusterbackend.h"

#include "clusterbackend_p.h"
#include "clusterscripts.h"
#include "logging.h"

#include "protocol/codec.h"
#include "protocol/timestamp.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTimer>

namespace roomcast::server {

using namespace clusterdetail;

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

} // namespace roomcast::server
