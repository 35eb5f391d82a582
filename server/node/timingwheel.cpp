#include "node/timingwheel.h"

#include <algorithm>
#include <utility>

namespace roomcast::server {

TimingWheel::TimingWheel(std::int64_t tickMs, std::size_t slots, std::int64_t startMs,
                         Handler handler)
    : m_tickMs(std::max<std::int64_t>(1, tickMs)), m_slots(std::max<std::size_t>(2, slots)),
      m_currentTick(startMs / m_tickMs), m_handler(std::move(handler))
{}

std::size_t TimingWheel::slotFor(std::int64_t dueMs) const
{
    // Never schedule into the tick already processed: it would wait a whole revolution.
    const std::int64_t tick = std::max(dueMs / m_tickMs, m_currentTick + 1);
    return static_cast<std::size_t>(tick) % m_slots.size();
}

void TimingWheel::schedule(std::uint64_t id, std::int64_t dueMs)
{
    m_slots[slotFor(dueMs)].push_back(Entry{id, dueMs});
    ++m_count;
}

void TimingWheel::advance(std::int64_t nowMs)
{
    const std::int64_t target = nowMs / m_tickMs;
    // After a long stall, one revolution visits every slot: no need to spin more.
    std::int64_t from =
        std::max(m_currentTick + 1, target - static_cast<std::int64_t>(m_slots.size()) + 1);
    std::vector<Entry> due;
    std::vector<Entry> later;
    for (std::int64_t tick = from; tick <= target; ++tick) {
        auto &slot = m_slots[static_cast<std::size_t>(tick) % m_slots.size()];
        for (const Entry &e : slot)
            (e.dueMs <= nowMs ? due : later).push_back(e);
        m_count -= slot.size();
        slot.clear();
    }
    m_currentTick = std::max(m_currentTick, target);
    for (const Entry &e : later)
        schedule(e.id, e.dueMs);
    for (const Entry &e : due) {
        const std::int64_t next = m_handler(e.id, e.dueMs, nowMs);
        if (next >= 0)
            schedule(e.id, next);
    }
}

} // namespace roomcast::server
