// RedisEndpoint and RedisClient::probe(): what --redis names, and the blocking check at
// start-up that it answers (before any event loop runs).
#include "redisclient.h"

#include <QUrl>

#include <hiredis/hiredis.h>

#include <memory>

namespace roomcast::server {

protocol::Expected<RedisEndpoint> RedisEndpoint::parse(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    auto bad = [&text](const std::string &why) {
        return protocol::Error{protocol::ErrorCode::BadRequest, "redis",
                               "invalid --redis " + text.toStdString() + ": " + why +
                                   " (expected redis://host:port[/db])"};
    };
    if (!url.isValid() || url.scheme() != QLatin1String("redis"))
        return bad("not a redis:// URL");
    if (url.host().isEmpty())
        return bad("no host");
    RedisEndpoint e;
    e.host = url.host().toStdString();
    e.port = url.port(6379);
    if (e.port <= 0)
        return bad("bad port");
    const QString path = url.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        e.db = path.mid(1).toInt(&ok);
        if (!ok || e.db < 0)
            return bad("the database must be a number");
    }
    e.password = url.password().toStdString();
    return e;
}

std::string RedisEndpoint::describe() const
{
    return host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

protocol::Expected<bool> RedisClient::probe(const RedisEndpoint &endpoint, int timeoutMs)
{
    const timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    auto fail = [&endpoint](const std::string &why) {
        return protocol::Error{protocol::ErrorCode::Unavailable, "redis",
                               "--redis: cannot use Redis at " + endpoint.describe() + ": " + why};
    };
    std::unique_ptr<redisContext, void (*)(redisContext *)> c(
        redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, tv), redisFree);
    if (!c)
        return fail("out of memory");
    if (c->err)
        return fail(c->errstr);
    redisSetTimeout(c.get(), tv);
    auto ask = [&](std::vector<std::string> args) -> std::string {
        std::vector<const char *> argv;
        std::vector<size_t> lens;
        for (const std::string &a : args) {
            argv.push_back(a.c_str());
            lens.push_back(a.size());
        }
        auto *r = static_cast<redisReply *>(
            redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lens.data()));
        if (!r)
            return c->errstr[0] ? std::string(c->errstr) : std::string("no answer");
        std::string error = r->type == REDIS_REPLY_ERROR ? std::string(r->str, r->len) : "";
        freeReplyObject(r);
        return error;
    };
    if (!endpoint.password.empty())
        if (auto e = ask({"AUTH", endpoint.password}); !e.empty())
            return fail("AUTH: " + e);
    if (auto e = ask({"SELECT", std::to_string(endpoint.db)}); !e.empty())
        return fail("SELECT: " + e);
    if (auto e = ask({"PING"}); !e.empty())
        return fail(e);
    return true;
}

} // namespace roomcast::server
