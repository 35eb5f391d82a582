#pragma once

#include <QTcpServer>
#include <QUrl>

namespace roomcast::test {

//! A node that upgrades, answers the hello with a welcome asking for a 100 ms heartbeat,
//! then never sends another byte: no pong, no frame. Raw TCP, because a QWebSocket would
//! answer the client's pings by itself. For client-side heartbeat tests.
class SilentNode : public QObject
{
public:
    SilentNode();
    QUrl url() const;
    int connections() const { return m_connections; }
    int welcomes() const { return m_welcomes; }

private:
    void accept();

    QTcpServer m_server;
    int m_connections = 0;
    int m_welcomes = 0;
};

} // namespace roomcast::test
