#include "server.h"

#include "listener.h"
#include "node.h"

#include "http/httpapi.h"

namespace roomcast::server {

Server::Server() = default;
Server::~Server() = default;

protocol::Expected<std::unique_ptr<Server>> Server::start(const ServerConfig &config)
{
    std::unique_ptr<Server> server(new Server());
    server->m_node = std::make_unique<Node>(config, Clock::system());
    auto started = server->m_node->start();
    if (!started)
        return started.error();
    connect(server->m_node.get(), &Node::finished, server.get(), &Server::finished);

    // PROTOCOL.md 7: every request on the WebSocket port that is not an upgrade on /ws.
    server->m_http = std::make_unique<http::HttpApi>(*server->m_node);
    connect(server->m_node->listener(), &Listener::httpRequest, server->m_http.get(),
            &http::HttpApi::serve);
    return server;
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(m_node->config().host);
    url.setPort(m_node->port());
    url.setPath(QStringLiteral("/ws"));
    return url;
}

quint16 Server::port() const
{
    return m_node->port();
}

QString Server::nodeId() const
{
    return m_node->nodeId();
}

int Server::connectionCount() const
{
    return m_node->connectionCount();
}

void Server::shutdown()
{
    m_node->shutdown();
}

Node *Server::node() const
{
    return m_node.get();
}

} // namespace roomcast::server
