#include "session.h"

#include "protocol.h"

namespace roomcast::loadgen {

namespace {

std::string excerpt(std::string_view text)
{
    return std::string(text.substr(0, 300));
}

} // namespace

Session::Session(Poller &poller, const Target &target, const std::string &token, std::string room,
                 int index, Listener &listener)
    : conn_(poller, target, *this), token_(token), room_(std::move(room)), index_(index),
      listener_(listener)
{}

void Session::onOpen(WsConn &)
{
    state_ = State::Welcoming;
    conn_.sendText(helloFrame(token_));
}

void Session::fail(const std::string &why)
{
    if (state_ == State::Failed)
        return;
    state_ = State::Failed;
    conn_.close();
    listener_.onFailed(*this, why);
}

void Session::onFailed(WsConn &, const std::string &why)
{
    fail(why);
}

void Session::onText(WsConn &, std::string_view text)
{
    const std::string_view type = frameType(text);
    if (type == "error")
        return fail("error frame: " + excerpt(text));
    switch (state_) {
    case State::Welcoming:
        if (type != "welcome")
            return fail("expected welcome, got: " + excerpt(text));
        if (room_.empty()) {
            state_ = State::Ready;
            listener_.onReady(*this);
        } else {
            state_ = State::Subscribing;
            conn_.sendText(subscribeFrame(1, room_));
        }
        return;
    case State::Subscribing: {
        if (type != "subscribed")
            return; // a join or the like may come first
        const auto seq = roomcast::loadgen::subscribedSeq(text);
        if (!seq)
            return fail("subscribed without a seq: " + excerpt(text));
        subscribedSeq_ = *seq;
        lastSeq = *seq;
        state_ = State::Ready;
        listener_.onReady(*this);
        return;
    }
    case State::Ready:
        if (type == "message") {
            const auto seq = uintField(text, "\"seq\":");
            if (!seq)
                return fail("message without a seq: " + excerpt(text));
            listener_.onMessage(*this, *seq);
        } else if (type == "ack") {
            const auto id = uintField(text, "\"id\":");
            const auto seq = uintField(text, "\"seq\":");
            if (!id || !seq)
                return fail("ack without id or seq: " + excerpt(text));
            listener_.onAck(*this, *id, *seq);
        } // join, leave, typing, pong...: nothing to check
        return;
    case State::Upgrading:
    case State::Failed:
        return;
    }
}

} // namespace roomcast::loadgen
