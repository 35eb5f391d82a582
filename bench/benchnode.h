#pragma once

#include "server/server.h"

#include <QTemporaryDir>

#include <memory>

namespace roomcast::bench {

//! One in-process node on 127.0.0.1, a free port and a temporary data directory, as the
//! tests run it (tests/common/serverfixture.h), with rate limits out of the way. Lives on
//! the main thread; its sockets are served by the main thread's event loop.
class BenchNode
{
public:
    //! `redisUrl` empty: a single node over its SQLite store; else a cluster node.
    BenchNode(const QString &nodeId, const QString &redisUrl);
    ~BenchNode();
    BenchNode(const BenchNode &) = delete;
    BenchNode &operator=(const BenchNode &) = delete;

    //! Starts and, in cluster mode, waits until both Redis links are up.
    bool start(QString *error);
    //! Drains like SIGTERM and waits until the node has finished.
    void stop();

    QUrl url() const;
    server::Node *node() const;
    //! A token for `user`, signed with the secret every bench node shares.
    QString token(const QString &user) const;

private:
    QTemporaryDir m_dir;
    server::ServerConfig m_config;
    std::unique_ptr<server::Server> m_server;
};

} // namespace roomcast::bench
