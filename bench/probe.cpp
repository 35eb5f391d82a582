#include "probe.h"

#include "benchredis.h"

#include "server/node/node.h"

#include <QFile>

#include <ctime>
#include <tuple>
#include <unistd.h>

namespace roomcast::bench {

namespace {
std::int64_t clockNs(clockid_t clock)
{
    timespec ts{};
    if (::clock_gettime(clock, &ts) != 0)
        return 0;
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::int64_t threadCpuNs(pthread_t thread)
{
    clockid_t clock{};
    return ::pthread_getcpuclockid(thread, &clock) == 0 ? clockNs(clock) : 0;
}

//! utime + stime of a process, from /proc/PID/stat (fields 14 and 15, after the `(comm)`).
std::int64_t processCpuNs(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0; // fields[0] is field 3 (state)
    const std::int64_t ticks = fields[11].toLongLong() + fields[12].toLongLong();
    return ticks * 1000000000 / ::sysconf(_SC_CLK_TCK);
}

double sampleValue(const std::string &exposition, const std::string &name)
{
    const std::string prefix = "\n" + name + " ";
    const std::size_t at = exposition.find(prefix);
    return at == std::string::npos ? 0
                                   : std::strtod(exposition.c_str() + at + prefix.size(), nullptr);
}
} // namespace

Probe::Probe(pthread_t nodeThread, std::vector<server::Node *> nodes, qint64 redisPid,
             quint16 redisPort)
    : m_nodeThread(nodeThread), m_nodes(std::move(nodes)), m_redisPid(redisPid),
      m_redisPort(redisPort), m_valid(true)
{}

ProbeSample Probe::sample() const
{
    ProbeSample s;
    if (!m_valid)
        return s;
    for (server::Node *node : m_nodes)
        QMetaObject::invokeMethod(
            node,
            [node, &s] {
                const std::string text = node->metrics().exposition({});
                s.ackSumSeconds += sampleValue(text, "roomcast_publish_ack_seconds_sum");
                s.ackCount += sampleValue(text, "roomcast_publish_ack_seconds_count");
            },
            Qt::BlockingQueuedConnection);
    s.clientCpuNs = clockNs(CLOCK_THREAD_CPUTIME_ID);
    s.nodeCpuNs = threadCpuNs(m_nodeThread);
    s.processCpuNs = clockNs(CLOCK_PROCESS_CPUTIME_ID);
    if (m_redisPid > 0)
        s.redisCpuNs = processCpuNs(m_redisPid);
    if (m_redisPort > 0)
        std::tie(s.redisEvalCalls, s.redisEvalUsec) = BenchRedis::evalStats(m_redisPort);
    return s;
}

} // namespace roomcast::bench
