#include "server.h"

#include "edge/listener.h"
#include "node/node.h"

#include "http/httpapi.h"

namespace roomcast::server {

Server::Server() = default;
Server::~Server() = default;

protocol::Expected<std::unique_ptr<Server>> Server::start(const ServerConfig &config)
{
    std::unique_ptr<Server> server(new Server());
    if (config.httpPort >= 0) {
        // Bound before the node starts: a busy HTTP port leaves no secret and no store behind.
        const QHostAddress address = edge::Listener::resolveHost(config.host);
        if (!address.isNull()) { // else Node::start names the bad --host
            server->m_httpListener = std::make_unique<edge::Listener>(
                edge::Listener::Options{config.listenBacklog, config.helloTimeoutMs, 16384, false});
            if (!server->m_httpListener->listen(address, static_cast<quint16>(config.httpPort)))
                return protocol::Error{protocol::ErrorCode::Unavailable, "http-port",
                                       "cannot listen on " + config.host.toStdString() + ":" +
                                           std::to_string(config.httpPort) + " (--http-port): " +
                                           server->m_httpListener->errorString().toStdString()};
        }
    }
    server->m_node = std::make_unique<Node>(config, Clock::system());
    auto started = server->m_node->start();
    if (!started)
        return started.error();
    connect(server->m_node.get(), &Node::finished, server.get(), &Server::finished);

    // PROTOCOL.md 7: the routes are on the WebSocket port *or* on their own port (which then
    // keeps /metrics and the publish API off a port that faces the clients).
    server->m_http = std::make_unique<http::HttpApi>(*server->m_node);
    edge::Listener *routes =
        server->m_httpListener ? server->m_httpListener.get() : server->m_node->listener();
    connect(routes, &edge::Listener::httpRequest, server->m_http.get(), &http::HttpApi::serve);
    return server;
}

QUrl Server::httpUrl() const
{
    if (!m_httpListener)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_node->config().host);
    url.setPort(m_httpListener->port());
    return url;
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
    if (m_httpListener)
        m_httpListener->close();
}

Node *Server::node() const
{
    return m_node.get();
}

} // namespace roomcast::server
