#include "publishscenario.h"

#include "frametext.h"

namespace roomcast::bench {

PublishScenario::PublishScenario(Plan plan) : Scenario(plan.timeoutMs), m_plan(std::move(plan)) {}

void PublishScenario::begin()
{
    const int clients = static_cast<int>(m_plan.tokens.size());
    m_publishers.resize(static_cast<std::size_t>(clients));
    m_latencies.reserve(static_cast<std::size_t>(m_plan.messages));
    whenAllReady([this] { startPhase(Phase::Warmup); });
    for (const QString &token : m_plan.tokens)
        m_byIndex.push_back(&addClient(
            m_plan.url, token, [this](BenchClient &c, const QString &f) { onFrame(c, f); }));
}

void PublishScenario::startPhase(Phase phase)
{
    m_phase = phase;
    const int clients = static_cast<int>(m_publishers.size());
    if (phase == Phase::Measure) {
        m_before = m_plan.probe.sample();
        m_startNs = nowNs();
    }
    m_busy = 0;
    for (int i = 0; i < clients; ++i) {
        Publisher &p = m_publishers[static_cast<std::size_t>(i)];
        p.toSend = phase == Phase::Warmup
                       ? m_plan.warmup
                       : m_plan.messages / clients + (i < m_plan.messages % clients ? 1 : 0);
        if (p.toSend > 0) {
            ++m_busy;
            publishNext(*m_byIndex[static_cast<std::size_t>(i)]);
        }
    }
    if (m_busy == 0)
        phaseDone();
}

void PublishScenario::publishNext(BenchClient &client)
{
    Publisher &p = m_publishers[static_cast<std::size_t>(client.index())];
    --p.toSend;
    const QString id = QString::number(++p.lastId);
    const QString who = QString::number(client.index());
    p.sentNs = nowNs();
    client.send(QStringLiteral(R"({"type":"publish","id":)") + id + QStringLiteral(R"(,"room":")") +
                m_plan.room + QStringLiteral(R"(","kind":"chat","body":{"text":"bench message )") +
                who + u'-' + id + QStringLiteral(R"("},"client_msg_id":"b)") + who + u'-' + id +
                QStringLiteral("\"}"));
}

void PublishScenario::onFrame(BenchClient &client, const QString &frame)
{
    if (isDone())
        return;
    if (!hasType(frame, u"ack")) {
        if (hasType(frame, u"error"))
            fail(QStringLiteral("publisher %1 got %2").arg(client.index()).arg(frame));
        return;
    }
    const std::int64_t now = nowNs();
    Publisher &p = m_publishers[static_cast<std::size_t>(client.index())];
    if (idOf(frame) != p.lastId) {
        fail(QStringLiteral("publisher %1 expected the ack of %2, got %3")
                 .arg(client.index())
                 .arg(p.lastId)
                 .arg(frame));
        return;
    }
    if (m_phase == Phase::Measure)
        m_latencies.push_back(now - p.sentNs);
    if (p.toSend > 0)
        publishNext(client);
    else if (--m_busy == 0)
        phaseDone();
}

void PublishScenario::phaseDone()
{
    if (m_phase == Phase::Warmup) {
        startPhase(Phase::Measure);
        return;
    }
    const std::int64_t elapsedNs = nowNs() - m_startNs;
    m_result.clients = static_cast<int>(m_publishers.size());
    m_result.messages = m_plan.messages;
    m_result.seconds = double(elapsedNs) / 1e9;
    m_result.perSecond = m_result.seconds > 0 ? m_plan.messages / m_result.seconds : 0;
    m_result.ack = summarize(std::move(m_latencies));
    const ProbeSample after = m_plan.probe.sample();
    if (const double count = after.ackCount - m_before.ackCount; count > 0)
        m_result.nodeAckMeanMs = (after.ackSumSeconds - m_before.ackSumSeconds) * 1e3 / count;
    if (const double calls = after.redisEvalCalls - m_before.redisEvalCalls; calls > 0)
        m_result.redisEvalUs = (after.redisEvalUsec - m_before.redisEvalUsec) / calls;
    m_result.cpu = cpuShare(m_before, after, m_result.seconds);
    finish();
}

} // namespace roomcast::bench
