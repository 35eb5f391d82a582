// EpollDispatcher, the timers: ordered by deadline, each fired at most once per pass.
#include "edge/epolldispatcher.h"

#include <QCoreApplication>
#include <QTimerEvent>

#include <ctime>

namespace roomcast::server::edge {

std::int64_t EpollDispatcher::nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void EpollDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                    QObject *object)
{
    if (timerId < 1 || interval < 0 || !object)
        return;
    const std::int64_t deadline = nowNs() + interval * 1'000'000;
    m_timers.insert(timerId, Timer{object, interval, timerType, deadline});
    m_deadlines.emplace(deadline, timerId);
}

bool EpollDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_deadlines.erase({it->deadlineNs, timerId});
    m_timers.erase(it);
    return true;
}

bool EpollDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            m_deadlines.erase({it->deadlineNs, it.key()});
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        if (it->object == object)
            list.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    return list;
}

int EpollDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const std::int64_t left = it->deadlineNs - nowNs();
    return left <= 0 ? 0 : int((left + 999'999) / 1'000'000);
}

int EpollDispatcher::timeoutMs() const
{
    if (m_deadlines.empty())
        return -1;
    const std::int64_t left = m_deadlines.begin()->first - nowNs();
    return left <= 0 ? 0 : int((left + 999'999) / 1'000'000);
}

int EpollDispatcher::activateTimers()
{
    if (m_deadlines.empty() || m_deadlines.begin()->first > nowNs())
        return 0;
    const std::int64_t now = nowNs();
    std::vector<int> due; // this pass's timers; one registered or rescheduled meanwhile waits
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= now; ++it)
        due.push_back(it->second);
    int fired = 0;
    for (const int id : due) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->running || it->deadlineNs > now)
            continue;
        const std::int64_t interval = it->intervalMs * 1'000'000;
        std::int64_t next = it->deadlineNs + interval;
        if (interval == 0 || next <= now)
            next = now + interval; // late: skip the intervals missed rather than burst
        m_deadlines.erase({it->deadlineNs, id});
        m_deadlines.emplace(next, id);
        it->deadlineNs = next;
        it->running = true;
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        it = m_timers.find(id); // the handler may have killed it, or started others
        if (it != m_timers.end())
            it->running = false;
    }
    return fired;
}

} // namespace roomcast::server::edge
