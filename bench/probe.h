#pragma once

#include <QtGlobal>

#include <pthread.h>

#include <cstdint>
#include <vector>

namespace roomcast::server {
class Node;
}

namespace roomcast::bench {

//! Where the time went, read at both ends of a measured phase: CPU time of the node thread,
//! the client thread, the whole process (the rest is the SQLite writer and Qt's helpers) and
//! redis-server, plus the nodes' own publish-to-ack histogram.
struct ProbeSample
{
    std::int64_t nodeCpuNs = 0;
    std::int64_t clientCpuNs = 0;
    std::int64_t processCpuNs = 0;
    std::int64_t redisCpuNs = 0; //!< /proc clock ticks: 10 ms steps
    double redisEvalCalls = 0;
    double redisEvalUsec = 0; //!< time Redis spent inside EVAL (the scripts)
    double ackSumSeconds = 0;
    double ackCount = 0;
};

//! Samples from the client thread (the caller's own CPU clock is the client thread's).
class Probe
{
public:
    Probe() = default;
    //! `nodeThread` runs the nodes' event loop; `redisPid` and `redisPort` 0 when there is
    //! no Redis.
    Probe(pthread_t nodeThread, std::vector<server::Node *> nodes, qint64 redisPid,
          quint16 redisPort);

    //! Reads the nodes' metrics with a blocking call into their thread, which must be
    //! running its event loop.
    ProbeSample sample() const;
    bool isValid() const { return m_valid; }

private:
    pthread_t m_nodeThread{};
    std::vector<server::Node *> m_nodes;
    qint64 m_redisPid = 0;
    quint16 m_redisPort = 0;
    bool m_valid = false;
};

} // namespace roomcast::bench
