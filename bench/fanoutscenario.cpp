#include "fanoutscenario.h"

#include "frametext.h"

namespace roomcast::bench {

FanoutScenario::FanoutScenario(Plan plan) : Scenario(plan.timeoutMs), m_plan(std::move(plan)) {}

void FanoutScenario::begin()
{
    const auto total = static_cast<std::size_t>(m_plan.warmup + m_plan.messages);
    m_sentNs.assign(total, 0);
    m_firstNs.assign(total, 0);
    m_lastNs.assign(total, 0);
    m_received.assign(total, 0);
    m_expectSeq.assign(static_cast<std::size_t>(m_plan.subscribers), 0);

    whenAllReady([this] {
        const QString subscribe = QStringLiteral(R"({"type":"subscribe","id":1,"room":")") +
                                  m_plan.room + QStringLiteral(R"(","limit":1})");
        for (BenchClient *s : m_subscribers)
            s->send(subscribe);
    });
    m_publisher = &addClient(m_plan.publisherUrl, m_plan.publisherToken,
                             [this](BenchClient &, const QString &f) { onPublisherFrame(f); });
    for (int i = 0; i < m_plan.subscribers; ++i) {
        const QUrl &url =
            m_plan.subscriberUrls[static_cast<std::size_t>(i) % m_plan.subscriberUrls.size()];
        m_subscribers.push_back(
            &addClient(url, m_plan.subscriberToken,
                       [this](BenchClient &c, const QString &f) { onSubscriberFrame(c, f); }));
    }
}

void FanoutScenario::onPublisherFrame(const QString &frame)
{
    if (isDone())
        return;
    if (hasType(frame, u"ack")) {
        if (m_unacked.empty()) {
            fail(QStringLiteral("the publisher got an ack it did not wait for: %1").arg(frame));
            return;
        }
        const std::int64_t expected = m_baseSeq + m_unacked.front() + 1;
        m_unacked.pop_front();
        if (seqOf(frame) != expected)
            fail(QStringLiteral("the publisher expected seq %1, got %2").arg(expected).arg(frame));
    } else if (hasType(frame, u"error")) {
        fail(QStringLiteral("the publisher got %1").arg(frame));
    }
}

void FanoutScenario::onSubscriberFrame(BenchClient &client, const QString &frame)
{
    if (isDone())
        return;
    const auto i = static_cast<std::size_t>(client.index() - 1);
    if (hasType(frame, u"message")) {
        const std::int64_t now = nowNs();
        const std::int64_t seq = seqOf(frame).value_or(-1);
        if (seq != m_expectSeq[i]) {
            fail(QStringLiteral("subscriber %1 expected seq %2, got %3")
                     .arg(i)
                     .arg(m_expectSeq[i])
                     .arg(frame.left(200)));
            return;
        }
        ++m_expectSeq[i];
        const auto k = static_cast<std::size_t>(seq - m_baseSeq - 1);
        if (k >= m_received.size()) {
            fail(QStringLiteral("subscriber %1 got an unexpected seq %2").arg(i).arg(seq));
            return;
        }
        if (m_received[k]++ == 0)
            m_firstNs[k] = now;
        if (m_received[k] == m_plan.subscribers) {
            m_lastNs[k] = now;
            complete();
        }
    } else if (hasType(frame, u"subscribed")) {
        const std::int64_t seq = seqOf(frame).value_or(-1);
        if (m_baseSeq < 0)
            m_baseSeq = seq;
        if (seq != m_baseSeq || seq < 0) {
            fail(QStringLiteral("subscriber %1: room seq %2, others saw %3")
                     .arg(i)
                     .arg(seq)
                     .arg(m_baseSeq));
            return;
        }
        m_expectSeq[i] = seq + 1;
        if (++m_subscribed == m_plan.subscribers)
            startPhase(m_plan.warmup > 0 ? m_plan.warmup : m_plan.warmup + m_plan.messages);
    } else if (hasType(frame, u"error")) {
        fail(QStringLiteral("subscriber %1 got %2").arg(i).arg(frame));
    }
}

void FanoutScenario::startPhase(int end)
{
    m_phaseEnd = end;
    if (end == m_plan.warmup + m_plan.messages)
        m_before = m_plan.probe.sample();
    pump();
}

void FanoutScenario::pump()
{
    while (m_inFlight < m_plan.window && m_next < m_phaseEnd) {
        const int k = m_next++;
        const QString id = QString::number(k + 1);
        m_sentNs[static_cast<std::size_t>(k)] = nowNs();
        m_unacked.push_back(k);
        ++m_inFlight;
        m_publisher->send(QStringLiteral(R"({"type":"publish","id":)") + id +
                          QStringLiteral(R"(,"room":")") + m_plan.room +
                          QStringLiteral(R"(","kind":"chat","body":{"text":"fan-out )") + id +
                          QStringLiteral(R"("},"client_msg_id":"f)") + id + QStringLiteral("\"}"));
    }
}

void FanoutScenario::complete()
{
    --m_inFlight;
    ++m_completed;
    const int total = m_plan.warmup + m_plan.messages;
    if (m_completed == total) {
        report();
        finish();
    } else if (m_completed == m_phaseEnd) {
        startPhase(total); // warm-up over: the pipeline is empty, the measured part starts
    } else {
        pump();
    }
}

void FanoutScenario::report()
{
    const auto first = static_cast<std::size_t>(m_plan.warmup);
    std::vector<std::int64_t> last, firstDelivery;
    for (std::size_t k = first; k < m_sentNs.size(); ++k) {
        last.push_back(m_lastNs[k] - m_sentNs[k]);
        firstDelivery.push_back(m_firstNs[k] - m_sentNs[k]);
    }
    m_result.subscribers = m_plan.subscribers;
    m_result.messages = m_plan.messages;
    m_result.seconds = double(m_lastNs.back() - m_sentNs[first]) / 1e9;
    m_result.deliveriesPerSecond =
        m_result.seconds > 0 ? double(m_plan.subscribers) * m_plan.messages / m_result.seconds : 0;
    m_result.cpu = cpuShare(m_before, m_plan.probe.sample(), m_result.seconds);
    m_result.last = summarize(std::move(last));
    m_result.first = summarize(std::move(firstDelivery));
}

} // namespace roomcast::bench
