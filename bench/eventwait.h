#pragma once

#include <QEventLoop>
#include <QObject>
#include <QTimer>

#include <functional>

namespace roomcast::bench {

//! Runs this thread's event loop until `sender` emits `signal` (from any thread) or
//! `timeoutMs` passes; `kick` runs once the connection is made, so a signal it causes is not
//! missed. True when the signal came. The servers keep running meanwhile.
template <typename Sender, typename Signal>
bool waitForSignal(const Sender *sender, Signal signal, int timeoutMs,
                   const std::function<void()> &kick = {})
{
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    bool fired = false;
    QObject::connect(sender, signal, &loop, [&] {
        fired = true;
        loop.quit();
    });
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs);
    if (kick)
        kick();
    if (!fired)
        loop.exec();
    return fired;
}

//! Runs this thread's event loop until `done()` holds (checked every millisecond) or
//! `timeoutMs` passes. For states that have no signal (a node's Redis links coming up).
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

} // namespace roomcast::bench
