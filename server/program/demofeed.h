#pragma once

#include "program/greeting.h"
#include "program/hostwatch.h"

#include <QDateTime>
#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace roomcast::server {

class Node;

struct DemoFeedOptions
{
    int chatIntervalMs = 4000;
    int metricIntervalMs = 2000;
    int hostIntervalMs = 30000;
    //! Where the greeting log is kept (the node's data directory); empty: in memory.
    QString stateDir;
    //! File systems the host watch checks (deduplicated by mount point).
    QStringList diskPaths{QStringLiteral("/")};
    //! Local time, for the greeting; tests inject it.
    std::function<QDateTime()> clock = [] { return QDateTime::currentDateTime(); };
    //! The host's probes; unset: the real ones (HostProbe::system()).
    std::optional<HostProbe> probe;
};

//! `--demo`: real feeds through the node's normal publish path — a bot chatting in
//! `general` that greets each user once a day as fits the local hour, host and node metrics
//! in `metrics`, and notifications in `alerts`: a user joining a room, and the host's own
//! events (HostWatch: failed systemd units, full disks, load spikes).
class DemoFeed : public QObject
{
    Q_OBJECT
public:
    explicit DemoFeed(Node *node, DemoFeedOptions options = {});
    ~DemoFeed() override;

private:
    void chat();
    void metrics();
    void onUserJoined(const QString &room, const QString &userId, const QString &userName);
    void notify(const QString &title, const QString &text, const QString &level);
    double cpuPercent();
    double memoryPercent() const;

    Node *m_node;
    DemoFeedOptions m_options;
    GreetingLog m_greetings;
    std::unique_ptr<HostWatch> m_host;
    int m_line = 0;
    std::uint64_t m_lastBusy = 0;
    std::uint64_t m_lastTotal = 0;
};

} // namespace roomcast::server
