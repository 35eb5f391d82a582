#pragma once

#include "benchoptions.h"
#include "report.h"

#include <QStringList>
#include <QThread>

#include <optional>

#include <pthread.h>

namespace roomcast::bench {

class Scenario;

//! Runs every peer of both scenarios one after the other, each on fresh nodes (and a fresh
//! Redis), nodes on this thread's event loop and the clients on a thread of their own, so
//! the client side does not take the node's thread.
class BenchRunner
{
public:
    explicit BenchRunner(BenchOptions options);
    ~BenchRunner();

    //! False with `error()` set when a run failed (numbers from a broken run are not shown).
    bool run();
    const BenchReport &report() const { return m_report; }
    QString error() const { return m_error; }

private:
    //! `appendfsync` empty: the single node over SQLite; else one cluster node on a Redis
    //! with that fsync policy.
    std::optional<PublishResult> publishOn(const QString &appendfsync);
    //! `nodes` 0: the single node over SQLite; else that many cluster nodes on one Redis.
    std::optional<FanoutResult> fanoutOn(int nodes);
    //! Moves the scenario to the client thread, runs it, takes it back.
    bool execute(Scenario &scenario);
    int timeoutMs() const { return m_report.options.timeoutSecs * 1000; }

    BenchReport m_report;
    QThread m_clientThread;
    pthread_t m_nodeThread; //!< this one: the nodes run on its event loop
    QString m_error;
    bool m_redis = false;
};

//! The program: parses the arguments, runs, prints; 0 done, 1 a run failed, 2 bad usage.
int runBenchMain(const QStringList &arguments);

} // namespace roomcast::bench
