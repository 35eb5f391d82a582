#pragma once

// One non-blocking WebSocket client connection: connect, the upgrade (a fixed valid
// Sec-WebSocket-Key, 101 and its Sec-WebSocket-Accept checked), masked text frames out,
// server frames in (fragments reassembled), pings answered with masked pongs. Any protocol
// surprise, a close frame or EOF from the server is a failure reported to the handler.

#include "poller.h"
#include "wsupgrade.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace roomcast::loadgen {

class WsConn final : public PollTarget
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        virtual void onOpen(WsConn &conn) = 0;
        virtual void onText(WsConn &conn, std::string_view text) = 0;
        virtual void onFailed(WsConn &conn, const std::string &why) = 0;
    };

    WsConn(Poller &poller, const Target &target, Handler &handler);
    ~WsConn() override;
    WsConn(const WsConn &) = delete;
    WsConn &operator=(const WsConn &) = delete;

    //! Starts the non-blocking connect; a failure is reported through the handler.
    void start();
    void sendText(std::string_view text);
    //! Closes the socket at once, without a close frame (the end of a run).
    void close();
    bool isOpen() const { return state_ == State::Open; }

    void onEvents(std::uint32_t events) override;

private:
    enum class State { Idle, Connecting, Upgrading, Open, Closed };

    void fail(const std::string &why);
    void send(std::string_view bytes); // appends to the output, writes what it can
    void flush();
    void updateInterest();
    void onConnected();
    bool readInput();      // false when the connection failed
    void processUpgrade(); // on the bytes read so far
    void processFrames();

    Poller &poller_;
    const Target &target_;
    Handler &handler_;
    int fd_ = -1;
    State state_ = State::Idle;
    bool wantWrite_ = false;
    std::string out_;
    std::size_t outPos_ = 0;
    std::string in_;
    std::size_t inPos_ = 0;
    std::string message_; // a fragmented message being reassembled
    bool inMessage_ = false;
};

} // namespace roomcast::loadgen
