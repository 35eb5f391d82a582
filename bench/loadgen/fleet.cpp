#include "fleet.h"

#include <algorithm>

namespace roomcast::loadgen {

Fleet::Fleet(const Target &target, std::string token) : target_(target), token_(std::move(token)) {}

Fleet::~Fleet()
{
    closeAll();
}

Session &Fleet::add(std::string room)
{
    const int index = int(sessions_.size());
    sessions_.push_back(
        std::make_unique<Session>(poller_, target_, token_, std::move(room), index, *this));
    return *sessions_.back();
}

void Fleet::startMore()
{
    while (inFlight_ < maxInFlight_ && started_ < sessions_.size() && !failed()) {
        ++inFlight_;
        sessions_[started_++]->start();
    }
}

bool Fleet::connectAll(int inFlight, std::int64_t deadlineNs)
{
    maxInFlight_ = std::max(1, inFlight);
    startMore();
    const bool ok = runUntil([this] { return ready_ == sessions_.size(); }, deadlineNs);
    if (!ok && error_.find("timed out") != std::string::npos)
        error_ += " (" + std::to_string(ready_) + " of " + std::to_string(sessions_.size()) +
                  " sessions ready)";
    return ok;
}

bool Fleet::runUntil(const std::function<bool()> &done, std::int64_t deadlineNs,
                     const std::function<std::int64_t()> &nextNs)
{
    while (!failed() && !done()) {
        std::int64_t wake = deadlineNs;
        if (nextNs) {
            const std::int64_t next = nextNs();
            if (failed() || done())
                break;
            if (next > 0)
                wake = std::min(wake, next);
        }
        const std::int64_t now = nowNs();
        if (now >= deadlineNs) {
            fail("timed out");
            break;
        }
        const std::int64_t waitNs = std::max<std::int64_t>(0, wake - now);
        poller_.dispatch(int((waitNs + 999'999) / 1'000'000));
    }
    return !failed();
}

void Fleet::fail(const std::string &why)
{
    if (error_.empty())
        error_ = why;
}

void Fleet::closeAll()
{
    for (auto &session : sessions_)
        session->close();
}

void Fleet::onReady(Session &)
{
    ++ready_;
    --inFlight_;
    startMore();
}

void Fleet::onFailed(Session &session, const std::string &why)
{
    fail("session " + std::to_string(session.index()) + ": " + why);
}

void Fleet::onMessage(Session &session, std::uint64_t seq)
{
    if (observer_)
        observer_->onMessage(session, seq, nowNs());
    else
        fail("session " + std::to_string(session.index()) + ": unexpected message");
}

void Fleet::onAck(Session &session, std::uint64_t id, std::uint64_t seq)
{
    if (observer_)
        observer_->onAck(session, id, seq, nowNs());
    else
        fail("session " + std::to_string(session.index()) + ": unexpected ack");
}

} // namespace roomcast::loadgen
