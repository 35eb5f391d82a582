#pragma once

#include <QObject>

#include <cstdint>

class QTimer;

namespace roomcast::server {

class Node;

//! `--demo`: real feeds through the node's normal publish path — a bot chatting in
//! `general`, host and node metrics in `metrics`, and notifications in `alerts` when a
//! user joins a room.
class DemoFeed : public QObject
{
    Q_OBJECT
public:
    explicit DemoFeed(Node *node, int chatIntervalMs = 4000, int metricIntervalMs = 2000);

private:
    void chat();
    void metrics();
    void onUserJoined(const QString &room, const QString &userId);
    double cpuPercent();
    double memoryPercent() const;

    Node *m_node;
    int m_line = 0;
    std::uint64_t m_lastBusy = 0;
    std::uint64_t m_lastTotal = 0;
};

} // namespace roomcast::server
