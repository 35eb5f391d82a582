// Node: publishing (PROTOCOL.md section 3, publish) on every path (WebSocket, HTTP, demo
// feeds), and sending frames to one session.
#include "node/node.h"

#include "backend/roombackend.h"
#include "edge/frameencoder.h"
#include "logging.h"
#include "node/session.h"
#include "webhooks/webhookdispatcher.h"

#include "protocol/roomname.h"

#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>

#include "edge/connection.h"

#include <algorithm>
#include <cmath>

namespace roomcast::server {

using protocol::CloseCode;
using protocol::ErrorCode;
using protocol::Json;

void Node::handlePublish(Session *s, const Json &id, protocol::Publish &&req)
{
    if (!protocol::roomAllowed(s->claims.rooms, req.room)) {
        sendError(s, id, ErrorCode::Forbidden,
                  "room: " + req.room + " is not allowed by the token");
        return;
    }
    if (!s->claims.pub) {
        sendError(s, id, ErrorCode::Forbidden, "read-only token: publishing is not allowed");
        return;
    }
    if (const std::int64_t wait = s->publishBucket.take(m_clock.now()); wait > 0) {
        sendError(s, id, ErrorCode::RateLimited, "publish rate exceeded", wait);
        return;
    }
    protocol::Message message;
    message.room = std::move(req.room);
    message.from = s->user();
    message.kind = std::move(req.kind);
    message.body = std::move(req.body);
    message.clientMsgId = std::move(req.clientMsgId);
    publishFromSession(s, id, std::move(message));
}

void Node::publishAs(const protocol::UserRef &from, protocol::Publish publish)
{
    if (m_shuttingDown || !m_backend)
        return;
    protocol::Message message;
    message.room = std::move(publish.room);
    message.from = from;
    message.kind = std::move(publish.kind);
    message.body = std::move(publish.body);
    message.clientMsgId = std::move(publish.clientMsgId);
    submit(std::move(message), nullptr);
}

void Node::publishFromSession(Session *s, const Json &id, protocol::Message &&message)
{
    submit(std::move(message), [this, sessionId = s->id(), id](const AppendResult &result) {
        Session *s = liveSession(sessionId);
        if (!s)
            return;
        if (!result.ok)
            sendError(s, id, result.error.code, result.error.message);
        else
            sendFrame(
                s, protocol::Ack{id, result.message.room, result.message.seq, result.message.tsMs});
    });
}

void Node::submit(protocol::Message message, std::function<void(const AppendResult &)> done)
{
    // Fan-out comes back through the backend's deliver event (from Redis in a cluster).
    QElapsedTimer timer; // m_clock has milliseconds; the latency buckets start at 0.5 ms
    timer.start();
    m_backend->append(std::move(message),
                      [this, timer, done = std::move(done)](const AppendResult &r) {
                          if (r.ok) {
                              // On disk before the ack; a repeat is recognised by its id.
                              if (m_webhooks)
                                  m_webhooks->onStored(r.message, m_backend->epoch(r.message.room));
                              if (!r.duplicate)
                                  m_metrics.published();
                              m_metrics.publishAcked(timer.nsecsElapsed() / 1000);
                          }
                          if (done)
                              done(r);
                      });
}

protocol::Expected<bool> Node::openWebhooks()
{
    if (m_config.webhooks.empty())
        return true;
    webhooks::WebhookDispatcher::Options options;
    options.targets = m_config.webhooks;
    options.secret = m_config.webhookSecret;
    const QString dir = m_config.dataDir.isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                            : m_config.dataDir;
    QDir().mkpath(dir);
    options.queuePath = QDir(dir).filePath(QStringLiteral("webhooks.sqlite"));
    options.retryForMs = m_config.webhookRetryForMs;
    options.firstRetryMs = m_config.webhookFirstRetryMs;
    options.maxRetryMs = m_config.webhookMaxRetryMs;
    options.timeoutMs = m_config.webhookTimeoutMs;
    options.wallMs = m_clock.wall;
    auto dispatcher = webhooks::WebhookDispatcher::create(std::move(options));
    if (!dispatcher)
        return dispatcher.error();
    m_webhooks = std::move(dispatcher).value();
    return true;
}

void Node::webhookGauges(Metrics::Gauges &gauges) const
{
    if (!m_webhooks)
        return;
    gauges.webhooks = true;
    gauges.webhookQueueDepth = m_webhooks->depth();
    gauges.webhookDelivered = m_webhooks->counters().delivered;
    gauges.webhookRetried = m_webhooks->counters().retried;
    gauges.webhookDropped = m_webhooks->counters().dropped;
}

Node::Health Node::health() const
{
    if (!m_backend)
        return Health{false, false};
    return Health{m_backend->storeUp(), m_backend->busUp()};
}

// ---- sending ------------------------------------------------------------------------

void Node::sendFrame(Session *s, const protocol::ServerFrame &frame)
{
    sendJson(s, protocol::encode(frame));
}

void Node::sendJson(Session *s, QByteArrayView json)
{
    if (s->gone || s->closing())
        return;
    if (!s->send(edge::textFrame(json), m_config.slowConsumerBytes))
        cutOffSlowConsumer(s);
}

void Node::cutOffSlowConsumer(Session *s)
{
    qCInfo(lcServer) << "cutting off slow consumer" << s->id() << "with"
                     << s->connection()->bytesToWrite() << "bytes unsent";
    detach(s, false);
    s->abort();
}

void Node::sendError(Session *s, const Json &id, ErrorCode code, const std::string &message,
                     std::int64_t retryAfterMs)
{
    m_metrics.error(protocol::toString(code));
    protocol::ErrorReply reply{id, std::string(protocol::toString(code)), message, std::nullopt};
    if (retryAfterMs >= 0)
        reply.retryAfterMs = retryAfterMs;
    sendFrame(s, reply);
    if (s->authenticated && s->errors.hit(m_clock.now()))
        closeSession(s, CloseCode::PolicyViolation, QStringLiteral("too many errors"), false);
}

} // namespace roomcast::server
