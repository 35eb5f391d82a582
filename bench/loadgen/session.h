#pragma once

// One Roomcast client session over a WsConn: after the upgrade it sends `hello`, waits for
// `welcome`, then (when it has a room) sends `subscribe` and waits for `subscribed`. Once
// ready it hands `message` and `ack` frames to its listener; an `error` frame or any failure
// of the connection fails the session.

#include "wsconn.h"

#include <cstdint>
#include <string>

namespace roomcast::loadgen {

class Session final : public WsConn::Handler
{
public:
    class Listener
    {
    public:
        virtual ~Listener() = default;
        virtual void onReady(Session &session) = 0;
        virtual void onFailed(Session &session, const std::string &why) = 0;
        virtual void onMessage(Session &session, std::uint64_t seq) = 0;
        virtual void onAck(Session &session, std::uint64_t id, std::uint64_t seq) = 0;
    };

    Session(Poller &poller, const Target &target, const std::string &token, std::string room,
            int index, Listener &listener);

    void start() { conn_.start(); }
    void sendText(std::string_view text) { conn_.sendText(text); }
    void close() { conn_.close(); }
    int index() const { return index_; }
    bool ready() const { return state_ == State::Ready; }
    //! The room's seq in the `subscribed` reply (0 for a session without a room).
    std::uint64_t subscribedSeq() const { return subscribedSeq_; }

    // The order check of a subscriber, kept by the workload driving it.
    std::uint64_t lastSeq = 0;
    std::uint64_t received = 0;

    void onOpen(WsConn &conn) override;
    void onText(WsConn &conn, std::string_view text) override;
    void onFailed(WsConn &conn, const std::string &why) override;

private:
    enum class State { Upgrading, Welcoming, Subscribing, Ready, Failed };

    void fail(const std::string &why);

    WsConn conn_;
    const std::string &token_;
    std::string room_;
    int index_;
    Listener &listener_;
    State state_ = State::Upgrading;
    std::uint64_t subscribedSeq_ = 0;
};

} // namespace roomcast::loadgen
