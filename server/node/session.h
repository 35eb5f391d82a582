#pragma once

#include "node/slidingcounter.h"
#include "node/tokenbucket.h"

#include "protocol/errorcode.h"
#include "protocol/frames.h"
#include "protocol/token.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace roomcast::server {

namespace edge {
class Connection;
}

//! Delivery state of one session in one subscribed room (kept in Node::m_rooms, so the
//! broadcast loop reads it while iterating the room's subscribers).
struct RoomDelivery
{
    //! Last message seq written to this session: older or repeated ones are dropped,
    //! so history and live delivery never overlap, whatever order the bus delivers in.
    std::int64_t floor = -1;
    //! Nonzero while a `subscribe` of this room is being read: live events wait in
    //! `queued` and go out after its reply (the newest request owns the queue).
    std::uint64_t pending = 0;
    std::vector<std::pair<std::int64_t, QByteArray>> queued; //!< (seq, pre-built frame)
};

//! One client connection: its socket, identity, rights, subscriptions and per-connection
//! limits. Owned by the Node; holds no timers (deadlines live in the Node's timing wheel).
class Session
{
public:
    //! Takes `connection` over (on the node's thread, whichever thread its socket is on).
    Session(std::uint64_t id, edge::Connection *connection, std::int64_t nowMs, double publishRate,
            int publishBurst, int errorLimit, std::int64_t errorWindowMs);
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    std::uint64_t id() const { return m_id; }
    edge::Connection *connection() const { return m_connection.get(); }

    //! Writes one pre-built text frame (edge::textFrame) unless the peer is not draining its
    //! socket; returns false (and the caller must drop the session) when more than
    //! `maxBuffered` bytes wait. The bytes go to the TCP socket as they are, in order with
    //! what QWebSocket writes (pings, close): both write whole frames, on the socket's thread.
    bool send(const QByteArray &frame, std::int64_t maxBuffered);
    //! Closes with a WebSocket close code; idempotent.
    void close(protocol::CloseCode code, const QString &reason = {});
    //! Drops the TCP connection at once (slow consumer, close handshake never finished).
    void abort();
    bool closing() const { return m_closing; }

    //! Token expiry in ms since the epoch, clamped so that absurd `exp` values cannot overflow.
    std::int64_t expiryMs() const
    {
        constexpr std::int64_t kYear9999 = 253402300799;
        return (claims.exp < kYear9999 ? claims.exp : kYear9999) * 1000;
    }

    //! Who this session speaks for, as events name users.
    protocol::UserRef user() const { return protocol::UserRef{claims.sub, claims.name}; }

    bool authenticated = false;
    protocol::Claims claims;
    std::string sessionId;
    std::unordered_set<std::string> rooms;
    std::unordered_map<std::string, std::int64_t> lastTypingMs;

    TokenBucket publishBucket;
    SlidingCounter errors;

    std::int64_t acceptedMs = 0;
    std::int64_t lastSeenMs = 0;
    std::int64_t nextPingMs = 0;
    std::int64_t wheelDueMs = -1; //!< the one deadline this session has in the wheel
    bool peerClosed = false;      //!< the close handshake was started by the client
    bool gone = false;            //!< detached from rooms and presence; deletion is queued

private:
    std::uint64_t m_id;
    std::unique_ptr<edge::Connection> m_connection;
    bool m_closing = false;
};

} // namespace roomcast::server
