#pragma once

// Two or more in-process nodes on one real Redis, each with its own id and port.
#include "redisprocess.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QTest>

#include <functional>
#include <memory>
#include <vector>

namespace roomcast::test {

struct ClusterFixture
{
    RedisProcess redis;
    std::vector<std::unique_ptr<ServerFixture>> nodes;
    //! Applied to every node's configuration before it starts.
    std::function<void(server::ServerConfig &)> configure;

    //! Starts Redis, then `count` nodes named a, b, c...; false with `error` set on failure.
    bool start(int count, int presenceTtlMs = 15000)
    {
        if (!redis.start()) {
            error = redis.lastError.toStdString();
            return false;
        }
        for (int i = 0; i < count; ++i)
            if (!addNode(std::string(1, static_cast<char>('a' + i)), presenceTtlMs))
                return false;
        return true;
    }

    bool addNode(const std::string &id, int presenceTtlMs = 15000)
    {
        auto node = std::make_unique<ServerFixture>();
        node->config.redisUrl = redis.url();
        node->config.nodeId = QString::fromStdString(id);
        node->config.clusterPresenceTtlMs = presenceTtlMs;
        node->config.publishRate = 1e6;
        node->config.publishBurst = 1000000;
        if (configure)
            configure(node->config);
        if (!node->start()) {
            error = node->lastError;
            return false;
        }
        nodes.push_back(std::move(node));
        return true;
    }

    ServerFixture &node(std::size_t i) { return *nodes.at(i); }

    std::string error;
};

inline Json chat(const std::string &room, const std::string &text,
                 const std::string &clientMsgId = {})
{
    Json frame = {
        {"type", "publish"}, {"room", room}, {"kind", "chat"}, {"body", {{"text", text}}}};
    if (!clientMsgId.empty())
        frame["client_msg_id"] = clientMsgId;
    return frame;
}

} // namespace roomcast::test
