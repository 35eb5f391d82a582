#pragma once

#include <QObject>

class QSocketNotifier;

namespace roomcast::server {

//! Turns SIGTERM and SIGINT into a Qt signal on the event loop (self-pipe), so shutdown
//! runs as ordinary code rather than inside an async-signal handler.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminateRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace roomcast::server
