#pragma once

#include "benchclient.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

class QThread;
class QTimer;

namespace roomcast::bench {

//! One measured run against one peer, driven entirely by its clients' events on the client
//! thread: no sleeps, one clock (QElapsedTimer) for every timestamp. The runner moves it to
//! the client thread, calls start() there and waits for finished().
class Scenario : public QObject
{
    Q_OBJECT
public:
    explicit Scenario(int timeoutMs);
    ~Scenario() override;

    //! Empty when the run completed; else what went wrong (a refused publish, a lost
    //! connection, a message out of order, the deadline).
    QString error() const { return m_error; }
    //! On the client thread: arms the deadline and calls begin().
    void start();
    //! On the client thread: drops every connection, then hands this object to `home`.
    void release(QThread *home);

Q_SIGNALS:
    void finished();

protected:
    virtual void begin() = 0;

    using FrameHandler = std::function<void(BenchClient &, const QString &)>;
    //! Set before adding clients: runs once every client added so far has its `welcome`.
    void whenAllReady(std::function<void()> ready) { m_allReady = std::move(ready); }
    //! Opens a client; frames after its `welcome` go to `frame`.
    BenchClient &addClient(const QUrl &url, const QString &token, FrameHandler frame);

    void finish();
    void fail(const QString &message);
    bool isDone() const { return m_done; }
    std::int64_t nowNs() const { return m_clock.nsecsElapsed(); }

private:
    std::vector<std::unique_ptr<BenchClient>> m_clients;
    std::function<void()> m_allReady;
    QElapsedTimer m_clock;
    QTimer *m_deadline;
    QString m_error;
    int m_timeoutMs;
    int m_waitingForWelcome = 0;
    bool m_done = false;
};

} // namespace roomcast::bench
