#pragma once

#include "server/server.h"

#include "protocol/token.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roomcast::test {

class TestClient;

//! A real in-process node on 127.0.0.1 with a free port and a temporary data directory.
//! Adjust `config` before start(); stop() drains it like SIGTERM would.
class ServerFixture
{
public:
    ServerFixture();
    ~ServerFixture();

    bool start();
    //! Drains (goaway + 1001) and waits until the node has finished.
    void stop(int timeoutMs = 10000);
    QUrl url() const;

    //! A token signed with the fixture's secret.
    std::string token(const std::string &user, std::int64_t ttlSecs = 3600,
                      std::optional<std::vector<std::string>> rooms = std::nullopt, bool pub = true,
                      const std::string &name = {}) const;
    //! A client that said hello with a token for `user` (named displayName(user)); null if
    //! that failed.
    std::unique_ptr<TestClient>
    helloClient(const std::string &user,
                std::optional<std::vector<std::string>> rooms = std::nullopt,
                bool pub = true) const;

    QTemporaryDir dir;
    server::ServerConfig config;
    std::unique_ptr<server::Server> server;
    std::string lastError;
};

} // namespace roomcast::test
