#pragma once

#include "scenario.h"
#include "stats.h"

#include <deque>
#include <vector>

namespace roomcast::bench {

//! One publisher, `subscribers` subscribers of one fresh room spread round-robin over the
//! given node URLs. The publisher keeps `window` messages in flight (sent, not yet at every
//! subscriber). Every subscriber must see every message once and in seq order; a message's
//! latency is from its publish to its delivery to the last subscriber.
class FanoutScenario : public Scenario
{
    Q_OBJECT
public:
    struct Plan
    {
        QUrl publisherUrl;
        std::vector<QUrl> subscriberUrls; //!< subscriber i connects to [i % size]
        QString publisherToken;
        QString subscriberToken; //!< one user for all: no presence storm between them
        int subscribers = 0;
        int messages = 0;
        int window = 1;
        int warmup = 0;
        QString room;
        Probe probe;
        int timeoutMs = 0;
    };

    explicit FanoutScenario(Plan plan);
    const FanoutResult &result() const { return m_result; }

protected:
    void begin() override;

private:
    void onPublisherFrame(const QString &frame);
    void onSubscriberFrame(BenchClient &client, const QString &frame);
    void startPhase(int end);
    void pump();
    void complete();
    void report();

    Plan m_plan;
    BenchClient *m_publisher = nullptr;
    std::vector<BenchClient *> m_subscribers; //!< by index - 1 (the publisher is client 0)
    std::vector<std::int64_t> m_expectSeq;    //!< per subscriber
    int m_subscribed = 0;
    std::int64_t m_baseSeq = -1; //!< the room's seq when subscribed: message k has base+k+1
    // Per message k (warm-up first, then the measured ones):
    std::vector<std::int64_t> m_sentNs, m_firstNs, m_lastNs;
    std::vector<int> m_received;
    std::deque<int> m_unacked;
    int m_next = 0;      //!< next message to send
    int m_completed = 0; //!< messages every subscriber has (always a prefix)
    int m_phaseEnd = 0;
    int m_inFlight = 0;
    ProbeSample m_before;
    FanoutResult m_result;
};

} // namespace roomcast::bench
