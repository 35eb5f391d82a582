#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace roomcast::server {

//! One hashed timing wheel for every per-connection deadline (hello, ping, heartbeat
//! timeout, token expiry): O(1) to schedule, no QTimer per connection. Entries are lazy:
//! a connection whose deadline moved simply reschedules when its old entry fires.
//! The wheel does not own time: advance(now) is called by one QTimer (or by a test).
class TimingWheel
{
public:
    //! Called for a due entry with the deadline it was scheduled for; returns the next
    //! deadline for that id, or -1 for none (the owner ignores entries it knows are stale).
    using Handler =
        std::function<std::int64_t(std::uint64_t id, std::int64_t dueMs, std::int64_t nowMs)>;

    TimingWheel(std::int64_t tickMs, std::size_t slots, std::int64_t startMs, Handler handler);

    void schedule(std::uint64_t id, std::int64_t dueMs);
    //! Fires every entry due at or before nowMs (each at most once per call).
    void advance(std::int64_t nowMs);
    std::int64_t tickMs() const { return m_tickMs; }
    std::size_t size() const { return m_count; }

private:
    struct Entry
    {
        std::uint64_t id;
        std::int64_t dueMs;
    };
    std::size_t slotFor(std::int64_t dueMs) const;

    std::int64_t m_tickMs;
    std::vector<std::vector<Entry>> m_slots;
    std::int64_t m_currentTick; //!< last tick processed
    std::size_t m_count = 0;
    Handler m_handler;
};

} // namespace roomcast::server
