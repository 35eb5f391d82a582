#pragma once

#include "backend/roombackend.h"
#include "redisclient.h"

#include <QObject>

#include <map>
#include <memory>
#include <unordered_map>

class QTimer;

namespace roomcast::server {

//! Cluster mode: every node shares rooms through one Redis (docs/cluster.md). History,
//! seq, epoch, idempotency keys and presence live in Redis; a publish is one Lua script
//! (next seq, stream append with a retention cap, PUBLISH) on the command connection; a
//! second connection subscribes to the channels of the rooms this node's clients are in.
//! Per watched room the node delivers messages in seq order, each once: a gap (a lost
//! connection, a late subscription) is filled from the room's stream before anything newer.
class ClusterBackend final : public QObject, public RoomBackend
{
    Q_OBJECT
public:
    struct Options
    {
        QString url;
        std::string nodeId;
        int retention = 10000;
        int presenceTtlMs = 15000; //!< a silent node's users leave after at most this + ttl/3
        int idempotencySecs = 600;
        std::function<std::int64_t()> clock; //!< wall clock, ms since the epoch
    };

    //! Checks that Redis answers (one clear error otherwise), then connects asynchronously.
    static protocol::Expected<std::unique_ptr<ClusterBackend>> open(const Options &options);
    ~ClusterBackend() override;

    void setEvents(Events events) override { m_events = std::move(events); }
    void append(protocol::Message message, std::function<void(const AppendResult &)> done) override;
    void watch(const std::string &room, std::function<void(bool)> ready) override;
    void unwatch(const std::string &room) override;
    void readForSubscribe(const std::string &room, const std::optional<protocol::Since> &since,
                          int limit, BackendReply<SubscribeRead> done) override;
    void readHistory(const std::string &room, std::optional<std::int64_t> before, int limit,
                     BackendReply<HistoryRead> done) override;
    void readPresence(const std::string &room,
                      BackendReply<std::vector<protocol::UserRef>> done) override;
    void search(const std::string &room, const search::Query &query, int limit,
                BackendReply<std::vector<protocol::Message>> done) override;
    void announcePresence(const std::string &room, const protocol::UserRef &user, bool joined,
                          std::int64_t tsMs) override;
    void announceTyping(const std::string &room, const protocol::UserRef &user) override;
    void flush() override;
    bool storeUp() const override;
    bool busUp() const override;
    //! One epoch for every room: the cluster's.
    std::string epoch(const std::string &) const override { return m_epoch; }

private:
    struct Room
    {
        enum class Channel { Off, Subscribing, On, Unsubscribing };
        Channel channel = Channel::Off;
        bool wanted = false;
        bool ready = false;        //!< subscribed and `lastSeq` known
        bool filling = false;      //!< reading a gap from the stream
        std::int64_t lastSeq = -1; //!< last seq delivered (-1: not known yet)
        std::int64_t idleSinceMs = 0;
        std::map<std::int64_t, QByteArray> early; //!< messages beyond a gap, waiting for it
        std::vector<std::function<void(bool)>> waiters;
    };

    explicit ClusterBackend(const Options &options, RedisEndpoint endpoint);
    void onCommandUp();
    void epochChanged(const std::string &epoch);
    void syncEpoch();
    void catchUp(const std::string &room);
    void reassertPresence();
    void retrySoon(std::function<void()> again);
    void onBusUp();
    void onBusDown();
    void onPubsub(const std::string &kind, const std::string &channel, const std::string &payload);
    void onChannelMessage(const std::string &room, const std::string &payload);
    void onSubscribed(const std::string &room);
    void learnBaseline(const std::string &room);
    void deliverInOrder(const std::string &room, Room &r);
    void fill(const std::string &room);
    struct SearchScan; //!< one search's scan of a stream (clustersearch.cpp)
    void scanStream(const std::shared_ptr<SearchScan> &scan);
    void failWaiters(Room &r);
    void heartbeat();
    void sweepIdleChannels();
    bool eval(const char *script, std::vector<std::string> keys, std::vector<std::string> args,
              RedisClient::Callback callback);
    std::string channelOf(const std::string &room) const;
    const std::string &shaOf(const char *script);
    void loadScripts();

    Options m_options;
    Events m_events;
    RedisClient *m_cmd;
    RedisClient *m_sub;
    QTimer *m_heartbeat;
    std::string m_bootId;
    std::string m_epoch;                    //!< the cluster epoch as last seen
    std::int64_t m_lastHeartbeatSeenMs = 0; //!< on the bus: proves the subscriber connection
    std::int64_t m_heartbeatSentMs = 0;
    bool m_heartbeatAnswered = true;
    std::unordered_map<std::string, Room> m_rooms;
    std::unordered_map<const char *, std::string> m_shas; //!< script -> SHA1 for EVALSHA
    //! This node's users per room (announced joins), re-asserted after Redis comes back.
    std::unordered_map<std::string, std::unordered_map<std::string, protocol::UserRef>> m_present;
    struct Leave
    {
        std::string room;
        protocol::UserRef user;
        std::int64_t tsMs;
    };
    std::vector<Leave> m_unsentLeaves; //!< leaves Redis never confirmed: sent again when back
};

} // namespace roomcast::server
