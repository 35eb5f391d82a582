// ClusterBackend: the node heartbeat (its presence TTL), idle channels, and presence and
// typing as the room sees them cluster-wide.
#include "clusterbackend.h"

#include "clusterbackend_p.h"
#include "clusterscripts.h"
#include "logging.h"

#include "protocol/codec.h"
#include "protocol/timestamp.h"

#include <QTimer>

namespace roomcast::server {

using namespace clusterdetail;

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
