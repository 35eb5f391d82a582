#include "benchnode.h"

#include "eventwait.h"

#include "server/node/node.h"

#include "protocol/token.h"

#include <QDateTime>

namespace roomcast::bench {

namespace {
const QByteArray kSecret = QByteArrayLiteral("roomcast-bench-secret");
constexpr int kStartTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 10000;
} // namespace

BenchNode::BenchNode(const QString &nodeId, const QString &redisUrl)
{
    m_config.host = QStringLiteral("127.0.0.1");
    m_config.port = 0;
    m_config.dataDir = m_dir.path();
    m_config.redisUrl = redisUrl;
    m_config.nodeId = nodeId;
    m_config.secret = kSecret;
    m_config.publishRate = 1e9; // the bench measures the node, not its rate limit
    m_config.publishBurst = 1000000000;
    m_config.maxFrameBytes = 1 << 20;
}

BenchNode::~BenchNode()
{
    stop();
}

bool BenchNode::start(QString *error)
{
    auto started = server::Server::start(m_config);
    if (!started) {
        *error = QString::fromStdString(started.error().message);
        return false;
    }
    m_server = std::move(started).value();
    const auto up = [this] {
        const server::Node::Health health = m_server->node()->health();
        return health.store && health.bus;
    };
    if (!waitUntil(up, kStartTimeoutMs)) {
        *error = QStringLiteral("node %1: Redis links not up after %2 ms")
                     .arg(m_config.nodeId)
                     .arg(kStartTimeoutMs);
        return false;
    }
    return true;
}

void BenchNode::stop()
{
    if (!m_server)
        return;
    waitForSignal(m_server.get(), &server::Server::finished, kStopTimeoutMs,
                  [this] { m_server->shutdown(); });
    m_server.reset();
}

QUrl BenchNode::url() const
{
    return m_server->url();
}

server::Node *BenchNode::node() const
{
    return m_server ? m_server->node() : nullptr;
}

QString BenchNode::token(const QString &user) const
{
    protocol::Claims claims;
    claims.sub = user.toStdString();
    claims.name = claims.sub;
    claims.exp = QDateTime::currentSecsSinceEpoch() + 24 * 3600;
    claims.pub = true;
    return QString::fromStdString(protocol::signToken(
        claims, std::string_view(kSecret.constData(), static_cast<std::size_t>(kSecret.size()))));
}

} // namespace roomcast::bench
