#include "program/demofeed.h"

#include "node/node.h"

#include <QFile>
#include <QTimer>

#include <array>

namespace roomcast::server {

namespace {
const protocol::UserRef kBot{"demo-bot", "Demo Bot"};
const protocol::UserRef kMonitor{"node-monitor", "Node Monitor"};

constexpr std::array kLines = {
    "Good morning! The demo feed is live.",
    "Metrics for this node stream into the metrics room every two seconds.",
    "Try publishing from another client: every subscriber sees it exactly once.",
    "Kill the server and start it again: clients resume where they left off.",
    "Notifications in alerts fire when someone joins a room.",
    "Typing indicators, presence and history all come from the same node.",
};
} // namespace

DemoFeed::DemoFeed(Node *node, int chatIntervalMs, int metricIntervalMs)
    : QObject(node), m_node(node)
{
    auto *chatTimer = new QTimer(this);
    connect(chatTimer, &QTimer::timeout, this, &DemoFeed::chat);
    chatTimer->start(chatIntervalMs);
    auto *metricTimer = new QTimer(this);
    connect(metricTimer, &QTimer::timeout, this, &DemoFeed::metrics);
    metricTimer->start(metricIntervalMs);
    connect(node, &Node::userJoined, this, &DemoFeed::onUserJoined);
    cpuPercent(); // prime the counters
}

void DemoFeed::chat()
{
    protocol::Publish p;
    p.room = "general";
    p.kind = "chat";
    p.body = {{"text", kLines[static_cast<std::size_t>(m_line++) % kLines.size()]}};
    m_node->publishAs(kBot, std::move(p));
}

void DemoFeed::metrics()
{
    const auto publishMetric = [this](const char *name, double value, const char *unit) {
        protocol::Publish p;
        p.room = "metrics";
        p.kind = "metric";
        p.body = {{"name", name}, {"value", value}, {"unit", unit}};
        m_node->publishAs(kMonitor, std::move(p));
    };
    publishMetric("cpu", cpuPercent(), "%");
    publishMetric("memory", memoryPercent(), "%");
    publishMetric("connections", m_node->connectionCount(), "");
}

void DemoFeed::onUserJoined(const QString &room, const QString &userId)
{
    if (room == QLatin1String("alerts") || userId == QLatin1String("demo-bot"))
        return;
    protocol::Publish p;
    p.room = "alerts";
    p.kind = "notification";
    p.body = {{"title", (userId + QStringLiteral(" joined ") + room).toStdString()},
              {"level", "info"}};
    m_node->publishAs(kMonitor, std::move(p));
}

double DemoFeed::cpuPercent()
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> f = stat.readLine().simplified().split(' ');
    if (f.size() < 8)
        return 0;
    std::uint64_t total = 0;
    for (int i = 1; i < f.size(); ++i)
        total += f[i].toULongLong();
    const std::uint64_t idle = f[4].toULongLong() + f[5].toULongLong();
    const std::uint64_t busy = total - idle;
    const double pct =
        total > m_lastTotal ? 100.0 * double(busy - m_lastBusy) / double(total - m_lastTotal) : 0.0;
    m_lastBusy = busy;
    m_lastTotal = total;
    return pct;
}

double DemoFeed::memoryPercent() const
{
    QFile info(QStringLiteral("/proc/meminfo"));
    if (!info.open(QIODevice::ReadOnly))
        return 0;
    double total = 0, available = 0;
    // procfs files report size 0, so read them whole instead of testing atEnd().
    for (const QByteArray &line : info.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() >= 2 && f[0] == "MemTotal:")
            total = f[1].toDouble();
        else if (f.size() >= 2 && f[0] == "MemAvailable:")
            available = f[1].toDouble();
    }
    return total > 0 ? 100.0 * (total - available) / total : 0.0;
}

} // namespace roomcast::server
