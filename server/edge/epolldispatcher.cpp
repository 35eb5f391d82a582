#include "edge/epolldispatcher.h"

#include "edge/logging.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace roomcast::server::edge {

namespace {

constexpr int kMaxEventsPerPass = 512;

std::uint32_t epollEventsOf(const QSocketNotifier *const (&notifier)[3])
{
    std::uint32_t events = 0;
    if (notifier[QSocketNotifier::Read])
        events |= EPOLLIN;
    if (notifier[QSocketNotifier::Write])
        events |= EPOLLOUT;
    if (notifier[QSocketNotifier::Exception])
        events |= EPOLLPRI;
    return events;
}

} // namespace

EpollDispatcher::EpollDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_wakeFd < 0)
        qFatal("EpollDispatcher: epoll_create1/eventfd failed: %s", std::strerror(errno));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev) != 0)
        qFatal("EpollDispatcher: cannot watch its eventfd: %s", std::strerror(errno));
}

EpollDispatcher::~EpollDispatcher()
{
    ::close(m_wakeFd);
    ::close(m_epoll);
}

void EpollDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    if (fd < 0)
        return;
    if (std::size_t(fd) >= m_watches.size())
        m_watches.resize(std::size_t(fd) + 1);
    QSocketNotifier *&slot = m_watches[std::size_t(fd)].notifier[notifier->type()];
    if (slot && slot != notifier)
        qCWarning(lcEdge, "EpollDispatcher: a second socket notifier of one type for fd %d", fd);
    slot = notifier;
    updateWatch(fd);
}

void EpollDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    if (fd < 0 || std::size_t(fd) >= m_watches.size())
        return;
    QSocketNotifier *&slot = m_watches[std::size_t(fd)].notifier[notifier->type()];
    if (slot != notifier)
        return;
    slot = nullptr; // an activation already collected for it finds the slot empty
    updateWatch(fd);
}

void EpollDispatcher::updateWatch(int fd)
{
    Watch &w = m_watches[std::size_t(fd)];
    const std::uint32_t wanted = epollEventsOf(w.notifier);
    if (w.alwaysReady) {
        if (wanted == 0) {
            w.alwaysReady = false;
            std::erase(m_alwaysReady, fd);
        }
        return;
    }
    if (wanted == w.events && w.inEpoll == (wanted != 0))
        return;
    epoll_event ev{};
    ev.events = wanted;
    ev.data.fd = fd;
    if (wanted == 0) {
        // The descriptor may be closed already (epoll then dropped it): nothing to report.
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &ev);
        w.inEpoll = false;
        w.events = 0;
        return;
    }
    int rc = epoll_ctl(m_epoll, w.inEpoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    if (rc != 0 && errno == ENOENT) // closed and reused behind our back: watch it anew
        rc = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    else if (rc != 0 && errno == EEXIST)
        rc = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
    if (rc == 0) {
        w.inEpoll = true;
        w.events = wanted;
    } else if (errno == EPERM) { // a regular file: always ready, as poll() reports it
        w.inEpoll = false;
        w.events = 0;
        w.alwaysReady = true;
        m_alwaysReady.push_back(fd);
    } else {
        qCWarning(lcEdge, "EpollDispatcher: cannot watch fd %d: %s", fd, std::strerror(errno));
    }
}

void EpollDispatcher::wakeUp()
{
    bool expected = false;
    if (m_wakeUpPending.compare_exchange_strong(expected, true)) {
        const std::uint64_t one = 1;
        while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {
        }
    }
}

void EpollDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

void EpollDispatcher::drainWakeUps()
{
    std::uint64_t count = 0;
    while (::read(m_wakeFd, &count, sizeof count) < 0 && errno == EINTR) {
    }
    m_wakeUpPending.store(false);
}

bool EpollDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents(); // every event posted to this thread's objects

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // A post from now on writes the eventfd, so waiting cannot sleep through it.
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.load())
        return false;

    const int timeout = !canWait ? 0 : includeTimers ? timeoutMs() : -1;
    int handled = wait(timeout, includeNotifiers);
    if (includeTimers)
        handled += activateTimers();
    return handled > 0;
}

int EpollDispatcher::wait(int timeout, bool includeNotifiers)
{
    if (!includeNotifiers) { // only a wake-up or a timer ends this wait
        pollfd p{m_wakeFd, POLLIN, 0};
        const int n = ::poll(&p, 1, timeout);
        if (n > 0)
            drainWakeUps();
        return n > 0 ? 1 : 0;
    }
    if (!m_alwaysReady.empty())
        timeout = 0;
    epoll_event events[kMaxEventsPerPass];
    int n;
    do {
        n = epoll_wait(m_epoll, events, kMaxEventsPerPass, timeout);
    } while (n < 0 && errno == EINTR);
    // Collected first, activated after: a handler may close, unregister or reuse descriptors,
    // and every activation looks its notifier up again (an emptied slot is skipped).
    std::vector<std::pair<int, int>> ready;
    ready.reserve(std::size_t(std::max(0, n)) + m_alwaysReady.size() * 2);
    int handled = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        const std::uint32_t got = events[i].events;
        if (fd == m_wakeFd) {
            drainWakeUps();
            ++handled;
            continue;
        }
        // The flags QEventDispatcherUNIX activates each notifier type on.
        if (got & (EPOLLIN | EPOLLHUP | EPOLLERR))
            ready.emplace_back(fd, QSocketNotifier::Read);
        if (got & (EPOLLOUT | EPOLLERR))
            ready.emplace_back(fd, QSocketNotifier::Write);
        if (got & EPOLLPRI)
            ready.emplace_back(fd, QSocketNotifier::Exception);
    }
    for (const int fd : m_alwaysReady) {
        ready.emplace_back(fd, QSocketNotifier::Read);
        ready.emplace_back(fd, QSocketNotifier::Write);
    }
    QEvent event(QEvent::SockAct);
    for (const auto &[fd, type] : ready) {
        if (std::size_t(fd) >= m_watches.size())
            continue;
        QSocketNotifier *notifier = m_watches[std::size_t(fd)].notifier[type];
        if (!notifier)
            continue;
        QCoreApplication::sendEvent(notifier, &event);
        ++handled;
    }
    return handled;
}

void installEventDispatcher()
{
    if (qgetenv("ROOMCAST_EVENT_DISPATCHER") != "qt")
        QCoreApplication::setEventDispatcher(new EpollDispatcher);
}

} // namespace roomcast::server::edge
