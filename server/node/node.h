#pragma once

#include "clock.h"
#include "edge/connection.h"
#include "node/metrics.h"
#include "node/presencetracker.h"
#include "node/session.h"
#include "node/timingwheel.h"
#include "serverconfig.h"

#include "store/appendresult.h"

#include "protocol/codec.h"
#include "protocol/expected.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>

class QTimer;

namespace roomcast::server {

namespace edge {
class Connection;
class Listener;
} // namespace edge
class Session;
class RoomBackend;
namespace webhooks {
class WebhookDispatcher;
}
struct SubscribeRead;

//! The node: sessions, rooms, presence and the store, all on one thread's event loop.
//! Requests are handled in noderequests.cpp; connection lifecycle and deadlines here.
class Node : public QObject
{
    Q_OBJECT
public:
    Node(const ServerConfig &config, Clock clock, QObject *parent = nullptr);
    ~Node() override;

    //! Opens the store and listens; one clear line on failure.
    protocol::Expected<bool> start();
    void shutdown();

    quint16 port() const;
    QString nodeId() const { return m_nodeId; }
    int connectionCount() const { return static_cast<int>(m_sessions.size()); }
    const ServerConfig &config() const { return m_config; }
    //! Publishes as a server-side user (demo feeds); same path as a client's publish.
    void publishAs(const protocol::UserRef &from, protocol::Publish publish);
    //! The path every publish takes (WebSocket, HTTP, demo feeds): stores the message, fans
    //! it out once stored, then runs `done` once with the outcome on the node thread.
    //! `message.from` and `message.clientMsgId` form the idempotency key; seq/ts are assigned.
    void submit(protocol::Message message, std::function<void(const AppendResult &)> done);
    using SearchDone = std::function<void(protocol::Expected<protocol::SearchReply>)>;
    //! A search of one room for a token granting `rights` (its `rooms` claim): the WebSocket
    //! `search` and the HTTP route both come here. `done` runs once, on the node thread; the
    //! reply's `id` is left for the caller.
    void search(const std::optional<std::vector<std::string>> &rights,
                const protocol::SearchRequest &request, SearchDone done);

    //! Serves one more connection that is not a WebSocket of the Listener's (an SSE stream):
    //! from here on it is a client like any other, starting with its `hello`.
    void adoptConnection(edge::Connection *connection) { onWebSocket(connection); }

    //! What /healthz reports: the store and (in cluster mode) the Redis bus.
    struct Health
    {
        bool store = true;
        bool bus = true;
    };
    Health health() const;
    //! Webhook queue depth and outcomes for /metrics (all zero without --webhook).
    void webhookGauges(Metrics::Gauges &gauges) const;
    int roomCount() const { return static_cast<int>(m_rooms.size()); }
    int subscriptionCount() const;

    // ---- HTTP routes and metrics (server/http, server/metrics.h) ----
    //! The node's counters; the node thread increments them, GET /metrics renders them.
    Metrics &metrics() { return m_metrics; }
    const Metrics &metrics() const { return m_metrics; }
    const Clock &clock() const { return m_clock; }
    bool shuttingDown() const { return m_shuttingDown; }
    //! The WebSocket port's listener (null before start()); its other paths are HTTP routes.
    edge::Listener *listener() const { return m_listener; }

Q_SIGNALS:
    void finished();
    //! A user's first connection entered a room (demo feeds react to it).
    void userJoined(const QString &room, const QString &userId, const QString &userName);

private:
    //! How long a close handshake may take before the socket is aborted.
    static constexpr std::int64_t kCloseGraceMs = 2000;

    // lifecycle (node.cpp); deadlines and the drain (nodedeadlines.cpp)
    void onWebSocket(edge::Connection *connection);
    void onConnectionEvent(Session *s, edge::Connection::Event event, const QString *text);
    void onText(Session *s, const QString &text);
    void onDisconnected(Session *s);
    void closeSession(Session *s, protocol::CloseCode code, const QString &reason, bool clean);
    void detach(Session *s, bool clean);
    std::int64_t onWheel(std::uint64_t id, std::int64_t dueMs, std::int64_t nowMs);
    void reschedule(Session *s, std::int64_t dueMs);
    void armPresenceTimer();
    void onPresenceTimer();
    void finishShutdown();
    std::string randomSessionId();
    protocol::Expected<std::unique_ptr<RoomBackend>> openBackend();
    //! The webhook queue and its dispatcher (nodepublish.cpp), when --webhook is given.
    protocol::Expected<bool> openWebhooks();

    // requests (noderequests.cpp), rooms (noderooms.cpp), publishing (nodepublish.cpp)
    void handle(Session *s, protocol::Request &&request);
    void handleHello(Session *s, const protocol::Json &id, const protocol::Hello &hello);
    void handleSubscribe(Session *s, const protocol::Json &id, const protocol::Subscribe &req);
    void handleUnsubscribe(Session *s, const protocol::Json &id, const protocol::Unsubscribe &req);
    void handlePublish(Session *s, const protocol::Json &id, protocol::Publish &&req);
    void handleHistory(Session *s, const protocol::Json &id, const protocol::HistoryRequest &req);
    void handleTyping(Session *s, const protocol::Json &id, const protocol::TypingRequest &req);
    void handlePresence(Session *s, const protocol::Json &id, const protocol::PresenceRequest &req);
    void handleRefresh(Session *s, const protocol::Json &id, const protocol::Refresh &req);
    void handleSearch(Session *s, const protocol::Json &id, const protocol::SearchRequest &req);
    void leaveRoom(Session *s, const std::string &room, bool clean);
    void publishFromSession(Session *s, const protocol::Json &id, protocol::Message &&message);

    // sending
    void sendFrame(Session *s, const protocol::ServerFrame &frame);
    //! Any JSON text as one frame, built here (edge::textFrame) and written as is.
    void sendJson(Session *s, QByteArrayView json);
    //! A peer that stopped reading is dropped (unclean leave) rather than buffered forever.
    void cutOffSlowConsumer(Session *s);
    void sendError(Session *s, const protocol::Json &id, protocol::ErrorCode code,
                   const std::string &message, std::int64_t retryAfterMs = -1);
    //! Writes a room event to every local subscriber (one still waiting for its
    //! `subscribed` gets it queued, see RoomDelivery).
    void broadcast(const std::string &room, std::int64_t seq, const QByteArray &json,
                   const std::string &exceptUser = {});
    void finishSubscribe(std::uint64_t sessionId, const protocol::Json &id, const std::string &room,
                         std::uint64_t generation, bool addedRoom,
                         protocol::Expected<SubscribeRead> read);
    //! Writes a message/event to one subscriber unless it already had it (seq <= floor).
    void deliverTo(Session *s, const std::string &room, std::int64_t seq, const QByteArray &frame);
    void resetRoom(const std::string &room);
    Session *liveSession(std::uint64_t id) const;
    RoomDelivery *deliveryOf(Session *s, const std::string &room);

    ServerConfig m_config;
    Clock m_clock;
    QString m_nodeId;
    std::mt19937_64 m_rng;
    std::unique_ptr<RoomBackend> m_backend;
    std::unique_ptr<webhooks::WebhookDispatcher> m_webhooks; //!< with --webhook only
    edge::Listener *m_listener = nullptr;
    QTimer *m_wheelTimer = nullptr;
    QTimer *m_presenceTimer = nullptr;
    std::unique_ptr<TimingWheel> m_wheel;
    PresenceTracker m_presence;
    protocol::DecodeLimits m_limits;

    std::uint64_t m_nextSessionId = 1;
    std::uint64_t m_subscribeGeneration = 0;
    std::unordered_map<std::uint64_t, std::unique_ptr<Session>> m_sessions;
    //! room -> its local subscribers and what each has been sent
    std::unordered_map<std::string, std::unordered_map<Session *, RoomDelivery>> m_rooms;
    bool m_shuttingDown = false;

    // ---- HTTP routes and metrics ----
    Metrics m_metrics;
};

} // namespace roomcast::server
