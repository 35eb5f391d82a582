#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

class QSocketNotifier;

namespace roomcast::server::edge {

//! The event dispatcher of the server's threads: the same contract as Qt's UNIX dispatcher
//! (posted events, then sockets, then timers, each pass), on epoll instead of poll().
//!
//! Why: Qt 6.4's QEventDispatcherUNIX builds a pollfd for every socket notifier and hands all
//! of them to ppoll() on every pass, so a node with N connections pays O(N) in the kernel per
//! wake-up (measured: 60 % of the node's CPU in sock_poll/tcp_poll with 1200 connections at
//! 2000 publishes/s). Here the interest set lives in the kernel and a pass costs what is
//! ready. Level-triggered, so a notifier behaves as under poll(): it fires while its socket
//! stays readable (writable).
//!
//! Timers are kept ordered by deadline (a connection's handshake timer is one of thousands);
//! each fires at most once per pass, is not re-entered from a nested loop inside its own
//! handler, and a late repeating timer skips the intervals it missed. Coarse timers are run
//! as precise ones (no slack is taken).
//!
//! Descriptors epoll refuses (regular files) are reported ready on every pass, as poll() does.
class EpollDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollDispatcher(QObject *parent = nullptr);
    ~EpollDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch
    {
        QSocketNotifier *notifier[3] = {nullptr, nullptr, nullptr}; // by QSocketNotifier::Type
        std::uint32_t events = 0; //!< what epoll watches for this descriptor now
        bool inEpoll = false;
        bool alwaysReady = false; //!< epoll refused it (a regular file)
    };
    struct Timer
    {
        QObject *object = nullptr;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        std::int64_t deadlineNs = 0;
        bool running = false; //!< inside its own timerEvent()
    };

    static std::int64_t nowNs(); //!< CLOCK_MONOTONIC
    void updateWatch(int fd);
    int wait(int timeoutMs, bool includeNotifiers);
    int activateNotifiers(int ready);
    int activateTimers();
    int timeoutMs() const; //!< until the next timer is due; -1 when there is none
    void drainWakeUps();

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};
    std::vector<Watch> m_watches; //!< by descriptor
    std::vector<int> m_alwaysReady;
    std::vector<std::pair<int, int>> m_pending; //!< (descriptor, type) to activate this pass
    QHash<int, Timer> m_timers;
    std::set<std::pair<std::int64_t, int>> m_deadlines; //!< (deadline, timer id)
};

//! Makes EpollDispatcher the dispatcher of the main thread, before QCoreApplication exists;
//! ROOMCAST_EVENT_DISPATCHER=qt keeps Qt's own (for comparison in the benchmark).
void installEventDispatcher();

} // namespace roomcast::server::edge
