#pragma once

#include <QByteArray>
#include <QString>

#include "protocol/expected.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace roomcast::server {

//! Everything a node needs to run; filled from the command line (commandline.h) or by tests.
//! One `--webhook PATTERN=URL`: the stored messages of rooms matching any of `patterns` (room
//! patterns as in tokens, `*` any run of characters) are POSTed to `url`.
struct WebhookTarget
{
    std::vector<std::string> patterns;
    QString url;
};

struct ServerConfig
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8765; //!< 0 picks a free port
    int httpPort = -1;   //!< HTTP routes on a port of their own (0 picks one); -1 = on `port`
    QString dataDir;     //!< SQLite store; empty = platform data location
    QString redisUrl;    //!< cluster mode: redis://host:port[/db]
    int clusterPresenceTtlMs = 15000; //!< a silent node's users leave within this + a third
    QString nodeId;                   //!< empty = generated
    QByteArray secret;                //!< HS256 secret shared by every node
    //! When `secret` is empty: finds or creates it, called only once the port is bound, so a
    //! bad start leaves nothing behind (no data directory, no secret file).
    std::function<protocol::Expected<QByteArray>()> loadSecret;

    int heartbeatIntervalMs = 25000;
    int heartbeatTimeoutMs = 10000;
    int helloTimeoutMs = 10000; //!< also bounds the WebSocket upgrade itself
    int presenceGraceMs = 5000;
    int drainWindowMs = 5000; //!< goaway reconnect_in_ms is drawn from [0, this]
    int tokenLeewaySecs = 30;

    int maxFrameBytes = 65536;
    int maxRooms = 100;
    double publishRate = 20; //!< tokens per second
    int publishBurst = 40;
    int retention = 10000;    //!< messages kept per room (at least 1000 by contract)
    int errorStormLimit = 20; //!< more errors than this within the window close with 1008
    int errorStormWindowMs = 10000;
    qint64 slowConsumerBytes = 8 * 1024 * 1024; //!< unsent bytes beyond which a client is cut off
    int listenBacklog = 4096;
    //! Threads the connections are spread over: the node's own plus threads-1 worker shards
    //! (edge/shard.h). Rooms, sessions and the store stay on the node's thread.
    int threads = 1;

    std::vector<WebhookTarget> webhooks;
    QByteArray webhookSecret; //!< HMAC-SHA256 key of X-Roomcast-Signature
    //! How long a delivery is retried before it is dropped with a warning.
    std::int64_t webhookRetryForMs = 24LL * 3600 * 1000;
    int webhookFirstRetryMs = 1000; //!< the first retry's delay; it doubles up to the cap
    int webhookMaxRetryMs = 10 * 60 * 1000;
    int webhookTimeoutMs = 10000; //!< one POST, connect to answer

    bool demo = false;
};

} // namespace roomcast::server
