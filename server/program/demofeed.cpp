#include "program/demofeed.h"

#include "node/node.h"

#include <QDir>
#include <QFile>
#include <QStorageInfo>
#include <QTimer>

#include <array>

namespace roomcast::server {

namespace {
const protocol::UserRef kBot{"demo-bot", "Demo Bot"};
const protocol::UserRef kMonitor{"node-monitor", "Node Monitor"};

constexpr std::array kLines = {
    "The demo feed is live: this bot, the metrics room and the alerts room.",
    "Metrics for this node stream into the metrics room every two seconds.",
    "Try publishing from another client: every subscriber sees it exactly once.",
    "Kill the server and start it again: clients resume where they left off.",
    "Notifications in alerts: someone joining a room, and this host's own events.",
    "Typing indicators, presence and history all come from the same node.",
};

QString greetingLogPath(const QString &stateDir)
{
    return stateDir.isEmpty() ? QString()
                              : QDir(stateDir).filePath(QStringLiteral("demo-greetings.json"));
}

QStringList mountPoints(const QStringList &paths)
{
    QStringList roots;
    for (const QString &path : paths) {
        const QString root = QStorageInfo(path).rootPath();
        if (!root.isEmpty() && !roots.contains(root))
            roots.append(root);
    }
    return roots;
}
} // namespace

DemoFeed::DemoFeed(Node *node, DemoFeedOptions options)
    : QObject(node), m_node(node), m_options(std::move(options)),
      m_greetings(greetingLogPath(m_options.stateDir))
{
    auto *chatTimer = new QTimer(this);
    connect(chatTimer, &QTimer::timeout, this, &DemoFeed::chat);
    chatTimer->start(m_options.chatIntervalMs);
    auto *metricTimer = new QTimer(this);
    connect(metricTimer, &QTimer::timeout, this, &DemoFeed::metrics);
    metricTimer->start(m_options.metricIntervalMs);
    connect(node, &Node::userJoined, this, &DemoFeed::onUserJoined);
    m_host =
        std::make_unique<HostWatch>(m_options.probe.value_or(HostProbe::system()),
                                    mountPoints(m_options.diskPaths), m_options.hostIntervalMs);
    connect(m_host.get(), &HostWatch::alert, this, &DemoFeed::notify);
    cpuPercent(); // prime the counters
}

DemoFeed::~DemoFeed() = default;

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

void DemoFeed::onUserJoined(const QString &room, const QString &userId, const QString &userName)
{
    if (userId == QLatin1String("demo-bot"))
        return;
    if (room == QLatin1String("general")) {
        const QDateTime now = m_options.clock();
        if (m_greetings.greetToday(userId, now.date())) {
            protocol::Publish p;
            p.room = "general";
            p.kind = "chat";
            p.body = {
                {"text",
                 greetingFor(now.time(), userName.isEmpty() ? userId : userName).toStdString()}};
            m_node->publishAs(kBot, std::move(p));
        }
    }
    if (room != QLatin1String("alerts"))
        notify(userId + QStringLiteral(" joined ") + room, QString(), QStringLiteral("info"));
}

void DemoFeed::notify(const QString &title, const QString &text, const QString &level)
{
    protocol::Publish p;
    p.room = "alerts";
    p.kind = "notification";
    p.body = {{"title", title.toStdString()}, {"level", level.toStdString()}};
    if (!text.isEmpty())
        p.body["text"] = text.toStdString();
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
