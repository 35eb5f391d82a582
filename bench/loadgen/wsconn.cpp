#include "wsconn.h"

#include "wsframe.h"

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace roomcast::loadgen {

namespace {

std::string closeCode(std::string_view payload)
{
    if (payload.size() < 2)
        return "none";
    return std::to_string(int(std::uint8_t(payload[0])) << 8 | std::uint8_t(payload[1]));
}

} // namespace

WsConn::WsConn(Poller &poller, const Target &target, Handler &handler)
    : poller_(poller), target_(target), handler_(handler)
{}

WsConn::~WsConn()
{
    close();
}

void WsConn::start()
{
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        state_ = State::Closed;
        handler_.onFailed(*this, std::string("socket: ") + std::strerror(errno));
        return;
    }
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    state_ = State::Connecting;
    wantWrite_ = true;
    poller_.add(fd_, EPOLLIN | EPOLLOUT, this);
    const int rc =
        ::connect(fd_, reinterpret_cast<const sockaddr *>(&target_.addr), sizeof target_.addr);
    if (rc != 0 && errno != EINPROGRESS)
        fail(std::string("connect: ") + std::strerror(errno));
}

void WsConn::close()
{
    if (fd_ >= 0) {
        poller_.remove(fd_);
        ::close(fd_);
        fd_ = -1;
    }
    state_ = State::Closed;
}

void WsConn::fail(const std::string &why)
{
    if (state_ == State::Closed)
        return;
    close();
    handler_.onFailed(*this, why);
}

void WsConn::sendText(std::string_view text)
{
    std::string frame;
    appendClientFrame(frame, Opcode::Text, text);
    send(frame);
}

void WsConn::send(std::string_view bytes)
{
    if (state_ == State::Closed)
        return;
    out_.append(bytes);
    flush();
}

void WsConn::flush()
{
    while (outPos_ < out_.size()) {
        const ssize_t n = ::send(fd_, out_.data() + outPos_, out_.size() - outPos_, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                break;
            fail(std::string("send: ") + std::strerror(errno));
            return;
        }
        outPos_ += std::size_t(n);
    }
    if (outPos_ == out_.size()) {
        out_.clear();
        outPos_ = 0;
    }
    updateInterest();
}

void WsConn::updateInterest()
{
    const bool want = outPos_ < out_.size();
    if (want != wantWrite_ && fd_ >= 0) {
        wantWrite_ = want;
        poller_.modify(fd_, EPOLLIN | (want ? EPOLLOUT : 0u), this);
    }
}

void WsConn::onEvents(std::uint32_t events)
{
    if (state_ == State::Connecting) {
        onConnected();
        return;
    }
    if (events & EPOLLOUT)
        flush();
    if (state_ != State::Closed && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        readInput();
}

void WsConn::onConnected()
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        fail(std::string("connect: ") + std::strerror(err));
        return;
    }
    state_ = State::Upgrading;
    send(upgradeRequest(target_));
}

bool WsConn::readInput()
{
    static char buf[1 << 18];
    for (int round = 0; round < 4 && state_ != State::Closed; ++round) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n == 0) {
            fail("connection closed by the server (EOF)");
            return false;
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                return true;
            fail(std::string("read: ") + std::strerror(errno));
            return false;
        }
        in_.append(buf, std::size_t(n));
        if (state_ == State::Upgrading)
            processUpgrade();
        if (state_ == State::Open)
            processFrames();
        if (std::size_t(n) < sizeof buf)
            break;
    }
    return state_ != State::Closed;
}

void WsConn::processUpgrade()
{
    std::size_t headSize = 0;
    std::string error;
    switch (checkUpgradeAnswer(in_, headSize, error)) {
    case UpgradeStatus::NeedMore:
        return;
    case UpgradeStatus::Refused:
        return fail(error);
    case UpgradeStatus::Done:
        in_.erase(0, headSize);
        state_ = State::Open;
        handler_.onOpen(*this);
    }
}

void WsConn::processFrames()
{
    ServerFrame frame;
    std::string error;
    while (state_ == State::Open) {
        std::size_t consumed = 0;
        const std::string_view rest = std::string_view(in_).substr(inPos_);
        const ParseStatus status = parseServerFrame(rest, frame, consumed, error);
        if (status == ParseStatus::NeedMore)
            break;
        if (status == ParseStatus::Error)
            return fail(error);
        inPos_ += consumed;
        switch (frame.op) {
        case Opcode::Ping: {
            std::string pong;
            appendClientFrame(pong, Opcode::Pong, frame.payload);
            send(pong);
            break;
        }
        case Opcode::Pong:
            break;
        case Opcode::Close:
            return fail("the server closed the connection, code " + closeCode(frame.payload));
        case Opcode::Binary:
            return fail("unexpected binary message");
        case Opcode::Text:
            if (inMessage_)
                return fail("a new message inside a fragmented one");
            if (frame.fin) {
                handler_.onText(*this, frame.payload);
            } else {
                message_.assign(frame.payload);
                inMessage_ = true;
            }
            break;
        case Opcode::Continuation:
            if (!inMessage_)
                return fail("continuation without a message");
            message_.append(frame.payload);
            if (frame.fin) {
                inMessage_ = false;
                handler_.onText(*this, message_);
            }
            break;
        }
    }
    if (inPos_ == in_.size()) {
        in_.clear();
        inPos_ = 0;
    } else if (inPos_ > 0) {
        in_.erase(0, inPos_);
        inPos_ = 0;
    }
}

} // namespace roomcast::loadgen
