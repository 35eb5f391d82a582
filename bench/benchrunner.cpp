#include "benchrunner.h"

#include "benchnode.h"
#include "benchredis.h"
#include "eventwait.h"
#include "fanoutscenario.h"
#include "publishscenario.h"

#include "server/node/node.h"

#include <QLoggingCategory>
#include <QSysInfo>

#include <cstdio>
#include <sys/resource.h>

namespace roomcast::bench {

namespace {
constexpr int kCleanupMarginMs = 5000;

//! Every connection is a descriptor, on both ends: lift the soft limit to the hard one
//! (as server/app.cpp does).
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void progress(const QString &line)
{
    std::fprintf(stderr, "roomcast-bench: %s\n", qPrintable(line));
}

QString machine()
{
    QString redis = BenchRedis::version();
    return QStringLiteral("%1 cores, %2, Qt %3, Redis %4")
        .arg(QThread::idealThreadCount())
        .arg(QSysInfo::prettyProductName(), QString::fromLatin1(qVersion()),
             redis.isEmpty() ? QStringLiteral("not installed") : redis);
}
} // namespace

BenchRunner::BenchRunner(BenchOptions options)
{
    m_report.options = std::move(options);
    m_nodeThread = ::pthread_self();
    m_clientThread.setObjectName(QStringLiteral("bench-clients"));
    m_clientThread.start();
}

BenchRunner::~BenchRunner()
{
    m_clientThread.quit();
    m_clientThread.wait();
}

bool BenchRunner::run()
{
    m_report.machine = machine();
    m_redis = BenchRedis::available();
    if (!m_redis)
        progress(QStringLiteral("redis-server is not installed: the cluster peers are skipped"));
    auto &publish = m_report.publish;
    publish.push_back({QStringLiteral("single"), QStringLiteral("single (SQLite)"), {}});
    publish.push_back(
        {QStringLiteral("cluster_always"), QStringLiteral("cluster (Redis fsync always)"), {}});
    if (m_report.options.everysec)
        publish.push_back({QStringLiteral("cluster_everysec"),
                           QStringLiteral("cluster (Redis fsync everysec)"),
                           {}});
    auto &fanout = m_report.fanout;
    fanout.push_back({QStringLiteral("single"), QStringLiteral("single node (SQLite)"), {}});
    fanout.push_back({QStringLiteral("cluster_1"), QStringLiteral("cluster, 1 node"), {}});
    fanout.push_back({QStringLiteral("cluster_2"), QStringLiteral("cluster, 2 nodes"), {}});

    const QString fsync[] = {QString(), QStringLiteral("always"), QStringLiteral("everysec")};
    const int rounds = m_report.options.rounds;
    for (int round = 1; round <= rounds && m_report.options.publish; ++round) {
        for (std::size_t i = 0; i < publish.size() && (i == 0 || m_redis); ++i) {
            progress(QStringLiteral("round %1/%2: publish on %3")
                         .arg(round)
                         .arg(rounds)
                         .arg(publish[i].name));
            auto result = publishOn(fsync[i]);
            if (!result)
                return false;
            publish[i].rounds.push_back(std::move(*result));
        }
    }
    for (int round = 1; round <= rounds && m_report.options.fanout; ++round) {
        for (std::size_t i = 0; i < fanout.size() && (i == 0 || m_redis); ++i) {
            progress(QStringLiteral("round %1/%2: fan-out on %3")
                         .arg(round)
                         .arg(rounds)
                         .arg(fanout[i].name));
            auto result = fanoutOn(static_cast<int>(i));
            if (!result)
                return false;
            fanout[i].rounds.push_back(std::move(*result));
        }
    }
    return true;
}

std::optional<PublishResult> BenchRunner::publishOn(const QString &appendfsync)
{
    std::unique_ptr<BenchRedis> redis;
    if (!appendfsync.isEmpty()) {
        redis = std::make_unique<BenchRedis>(appendfsync);
        if (!redis->start(&m_error))
            return std::nullopt;
    }
    BenchNode node(QStringLiteral("a"), redis ? redis->url() : QString());
    if (!node.start(&m_error))
        return std::nullopt;

    const BenchOptions &o = m_report.options;
    PublishScenario::Plan plan;
    plan.url = node.url();
    for (int i = 0; i < o.clients; ++i)
        plan.tokens.push_back(node.token(QStringLiteral("publisher%1").arg(i)));
    plan.messages = o.messages;
    plan.warmup = o.warmup;
    plan.room = QStringLiteral("bench-publish");
    plan.probe =
        Probe(m_nodeThread, {node.node()}, redis ? redis->pid() : 0, redis ? redis->port() : 0);
    plan.timeoutMs = timeoutMs();
    PublishScenario scenario(std::move(plan));
    if (!execute(scenario))
        return std::nullopt;
    node.stop();
    return scenario.result();
}

std::optional<FanoutResult> BenchRunner::fanoutOn(int nodes)
{
    std::unique_ptr<BenchRedis> redis;
    if (nodes > 0) {
        redis = std::make_unique<BenchRedis>(QStringLiteral("always"));
        if (!redis->start(&m_error))
            return std::nullopt;
    }
    std::vector<std::unique_ptr<BenchNode>> servers;
    for (int i = 0; i < std::max(1, nodes); ++i) {
        servers.push_back(std::make_unique<BenchNode>(QString(QChar(char16_t(u'a' + i))),
                                                      redis ? redis->url() : QString()));
        if (!servers.back()->start(&m_error))
            return std::nullopt;
    }

    const BenchOptions &o = m_report.options;
    FanoutScenario::Plan plan;
    plan.publisherUrl = servers.front()->url();
    for (const auto &server : servers)
        plan.subscriberUrls.push_back(server->url());
    plan.publisherToken = servers.front()->token(QStringLiteral("publisher"));
    plan.subscriberToken = servers.front()->token(QStringLiteral("subscriber"));
    plan.subscribers = o.subscribers;
    plan.messages = o.messages;
    plan.window = o.window;
    plan.warmup = o.warmup;
    plan.room = QStringLiteral("bench-fanout");
    std::vector<server::Node *> nodeList;
    for (const auto &server : servers)
        nodeList.push_back(server->node());
    plan.probe = Probe(m_nodeThread, std::move(nodeList), redis ? redis->pid() : 0,
                       redis ? redis->port() : 0);
    plan.timeoutMs = timeoutMs();
    FanoutScenario scenario(std::move(plan));
    if (!execute(scenario))
        return std::nullopt;
    for (const auto &server : servers)
        server->stop();
    FanoutResult result = scenario.result();
    result.nodes = static_cast<int>(servers.size());
    return result;
}

bool BenchRunner::execute(Scenario &scenario)
{
    scenario.moveToThread(&m_clientThread);
    Scenario *s = &scenario;
    const bool finished =
        waitForSignal(s, &Scenario::finished, timeoutMs() + kCleanupMarginMs, [s] {
            QMetaObject::invokeMethod(
                s, [s] { s->start(); }, Qt::QueuedConnection);
        });
    QThread *home = QThread::currentThread();
    QMetaObject::invokeMethod(
        s, [s, home] { s->release(home); }, Qt::BlockingQueuedConnection);
    if (!finished) {
        m_error = QStringLiteral("a scenario did not report back");
        return false;
    }
    if (!scenario.error().isEmpty()) {
        m_error = scenario.error();
        return false;
    }
    return true;
}

int runBenchMain(const QStringList &arguments)
{
    auto parsed = parseBenchOptions(arguments);
    if (!parsed) {
        std::fprintf(stderr, "roomcast-bench: %s\n", parsed.error().message.c_str());
        return 2;
    }
    const BenchOptions options = std::move(parsed).value();
    if (options.help) {
        std::printf("%s", qPrintable(options.helpText));
        return 0;
    }
    // The nodes' per-connection info lines would be noise here; QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(QStringLiteral("roomcast.*.info=false"));
    raiseDescriptorLimit();

    BenchRunner runner(options);
    if (!runner.run()) {
        std::fprintf(stderr, "roomcast-bench: %s\n", qPrintable(runner.error()));
        return 1;
    }
    const QString out = options.json ? formatJson(runner.report()) : formatText(runner.report());
    std::printf("%s", qPrintable(out));
    return 0;
}

} // namespace roomcast::bench
