#pragma once

// The sessions of one workload on one poller: brings them up with a bounded number of
// handshakes in flight, runs the loop until the workload is done, and turns the first
// failure of any session into the failure of the run. Messages and acks go to an observer.

#include "poller.h"
#include "session.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace roomcast::loadgen {

class Fleet final : public Session::Listener
{
public:
    class Observer
    {
    public:
        virtual ~Observer() = default;
        virtual void onMessage(Session &session, std::uint64_t seq, std::int64_t nowNs) = 0;
        virtual void onAck(Session &session, std::uint64_t id, std::uint64_t seq,
                           std::int64_t nowNs) = 0;
    };

    Fleet(const Target &target, std::string token);
    ~Fleet() override;

    void setObserver(Observer *observer) { observer_ = observer; }
    //! Adds a session, not started yet; an empty room means hello only.
    Session &add(std::string room);
    std::vector<std::unique_ptr<Session>> &sessions() { return sessions_; }

    //! Starts every session, at most `inFlight` between connect and ready at once, and runs
    //! the loop until all are ready. False (see error()) on a failure or at the deadline.
    bool connectAll(int inFlight, std::int64_t deadlineNs);

    //! Runs the loop until `done()` is true. `nextNs`, if given, runs before every wait and
    //! returns when it next needs to run (0: no need). False on a failure or at the deadline.
    bool runUntil(const std::function<bool()> &done, std::int64_t deadlineNs,
                  const std::function<std::int64_t()> &nextNs = {});

    //! Fails the run from the workload's side (a check that did not hold).
    void fail(const std::string &why);
    bool failed() const { return !error_.empty(); }
    const std::string &error() const { return error_; }
    void closeAll();

    void onReady(Session &session) override;
    void onFailed(Session &session, const std::string &why) override;
    void onMessage(Session &session, std::uint64_t seq) override;
    void onAck(Session &session, std::uint64_t id, std::uint64_t seq) override;

private:
    void startMore();

    Poller poller_;
    const Target &target_;
    std::string token_;
    std::vector<std::unique_ptr<Session>> sessions_;
    Observer *observer_ = nullptr;
    std::string error_;
    std::size_t started_ = 0;
    std::size_t ready_ = 0;
    int inFlight_ = 0;
    int maxInFlight_ = 1;
};

} // namespace roomcast::loadgen
