#include "serverfixture.h"

#include "jsonassert.h"
#include "testclient.h"

#include <QDateTime>
#include <QSignalSpy>

namespace roomcast::test {

ServerFixture::ServerFixture()
{
    config.host = QStringLiteral("127.0.0.1");
    config.port = 0;
    config.dataDir = dir.path();
    config.secret = QByteArrayLiteral("roomcast-test-secret");
    config.nodeId = QStringLiteral("test-node");
    // The "threads" run of the suite spreads connections over worker shards (edge/shard.h).
    if (const int threads = qEnvironmentVariableIntValue("ROOMCAST_TEST_THREADS"); threads > 1)
        config.threads = threads;
}

ServerFixture::~ServerFixture()
{
    if (server)
        stop();
}

bool ServerFixture::start()
{
    auto started = server::Server::start(config);
    if (!started) {
        lastError = started.error().message;
        return false;
    }
    server = std::move(started).value();
    return true;
}

void ServerFixture::stop(int timeoutMs)
{
    if (!server)
        return;
    QSignalSpy finished(server.get(), &server::Server::finished);
    server->shutdown();
    if (finished.isEmpty())
        finished.wait(timeoutMs);
    server.reset();
}

QUrl ServerFixture::url() const
{
    return server->url();
}

std::string ServerFixture::token(const std::string &user, std::int64_t ttlSecs,
                                 std::optional<std::vector<std::string>> rooms, bool pub,
                                 const std::string &name) const
{
    protocol::Claims claims;
    claims.sub = user;
    claims.name = name.empty() ? user : name;
    claims.exp = QDateTime::currentSecsSinceEpoch() + ttlSecs;
    claims.rooms = std::move(rooms);
    claims.pub = pub;
    return protocol::signToken(claims,
                               std::string_view(config.secret.constData(),
                                                static_cast<std::size_t>(config.secret.size())));
}

std::unique_ptr<TestClient>
ServerFixture::helloClient(const std::string &user, std::optional<std::vector<std::string>> rooms,
                           bool pub) const
{
    auto c = std::make_unique<TestClient>();
    if (!c->connectAndHello(url(), token(user, 3600, std::move(rooms), pub, displayName(user))))
        return nullptr;
    return c;
}

} // namespace roomcast::test
