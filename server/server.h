#pragma once

#include "serverconfig.h"

#include "protocol/expected.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace roomcast::server {

class Node;
namespace edge {
class Listener;
}
namespace http {
class HttpApi;
}

//! One Roomcast node: listener, sessions, rooms and store, on the calling thread's event loop.
//! Tests create it in-process; the `roomcast-server` main is a thin wrapper around it.
class Server : public QObject
{
    Q_OBJECT
public:
    //! Opens the store and starts listening; on failure nothing is left running and the
    //! error's message is the one line the program prints (port in use, data dir, ...).
    static protocol::Expected<std::unique_ptr<Server>> start(const ServerConfig &config);
    ~Server() override;

    QUrl url() const; //!< ws://HOST:PORT/ws
    //! http://HOST:PORT when the HTTP routes have a port of their own (--http-port), else empty.
    QUrl httpUrl() const;
    quint16 port() const;
    QString nodeId() const;
    int connectionCount() const;

    //! Graceful drain: stop accepting, finish storing, goaway + close 1001 everywhere,
    //! then emit finished(). Idempotent.
    void shutdown();
    //! The node itself, for the demo feeds and white-box tests.
    Node *node() const;

Q_SIGNALS:
    void finished();

private:
    Server();
    std::unique_ptr<Node> m_node;
    std::unique_ptr<http::HttpApi> m_http;
    std::unique_ptr<edge::Listener> m_httpListener; //!< --http-port; destroyed first
};

} // namespace roomcast::server
