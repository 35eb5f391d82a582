#pragma once

#include "scenario.h"
#include "stats.h"

#include <vector>

namespace roomcast::bench {

//! `clients` publishers on one node, one publish in flight each (the next leaves when the
//! previous one's `ack` is back), `messages` in total to one room, each with a
//! `client_msg_id` like the Qt client's outbox sends. Measures publish -> ack.
class PublishScenario : public Scenario
{
    Q_OBJECT
public:
    struct Plan
    {
        QUrl url;
        std::vector<QString> tokens; //!< one per client
        int messages = 0;
        int warmup = 0; //!< per client, before the clock starts
        QString room;
        Probe probe;
        int timeoutMs = 0;
    };

    explicit PublishScenario(Plan plan);
    const PublishResult &result() const { return m_result; }

protected:
    void begin() override;

private:
    enum class Phase { Warmup, Measure };
    struct Publisher
    {
        int toSend = 0;
        std::int64_t lastId = 0;
        std::int64_t sentNs = 0;
    };

    void startPhase(Phase phase);
    void publishNext(BenchClient &client);
    void onFrame(BenchClient &client, const QString &frame);
    void phaseDone();

    Plan m_plan;
    std::vector<Publisher> m_publishers;
    std::vector<std::int64_t> m_latencies;
    Phase m_phase = Phase::Warmup;
    int m_busy = 0;
    std::int64_t m_startNs = 0;
    ProbeSample m_before;
    PublishResult m_result;
    std::vector<BenchClient *> m_byIndex; //!< the publishers, by index
};

} // namespace roomcast::bench
