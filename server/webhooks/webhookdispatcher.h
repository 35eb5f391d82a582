#pragma once

#include "webhookqueue.h"

#include "serverconfig.h"

#include "protocol/expected.h"
#include "protocol/frames.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>

class QNetworkReply;

namespace roomcast::server::webhooks {

//! Webhooks out (`--webhook PATTERN=URL`): every message this node stores in a matching room
//! is queued durably (WebhookQueue) before its publish is acknowledged, then POSTed as the
//! `message` event JSON, signed (X-Roomcast-Signature: sha256=<hex HMAC-SHA256 of the body>)
//! and named (X-Roomcast-Event-Id: <epoch>:<room>:<seq>). One lane per (URL, room): at most
//! one request in flight, in seq order, so a receiver sees each room in order. A 2xx ends a
//! delivery; 408, 429, 5xx and network errors retry with exponential backoff and jitter
//! (Retry-After honoured) until `retryFor` has passed since it was queued; any other 4xx
//! drops it with a warning. In a cluster only the node that stored a message queues it, so
//! every event goes out once cluster-wide unless a retry is needed.
class WebhookDispatcher : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        std::vector<WebhookTarget> targets;
        QByteArray secret;
        QString queuePath;
        std::int64_t retryForMs = 24LL * 3600 * 1000;
        int firstRetryMs = 1000;
        int maxRetryMs = 10 * 60 * 1000;
        int timeoutMs = 10000;
        std::function<std::int64_t()> wallMs;
    };
    struct Counters
    {
        std::uint64_t delivered = 0;
        std::uint64_t retried = 0; //!< failed attempts that will be tried again
        std::uint64_t dropped = 0; //!< refused (4xx) or out of retry time
    };

    //! Opens the queue and resumes what it holds.
    static protocol::Expected<std::unique_ptr<WebhookDispatcher>> create(Options options);
    ~WebhookDispatcher() override;

    //! A message was stored (or a repeat of one acknowledged again): queue it for every
    //! target whose patterns match its room. Returns once the queue has it on disk.
    void onStored(const protocol::Message &message, const std::string &epoch);

    int depth() const { return m_depth; }
    const Counters &counters() const { return m_counters; }

    //! The wait before attempt `attempt` + 1 (attempt >= 1): first * 2^(attempt-1), capped,
    //! then scaled by `jitter` in [0.5, 1] so that lanes that failed together spread out.
    static std::int64_t retryDelayMs(int attempt, double jitter, int firstMs, int maxMs);
    //! "sha256=<hex>" of HMAC-SHA256(secret, body).
    static QByteArray signature(const QByteArray &body, const QByteArray &secret);

private:
    struct Lane
    {
        std::deque<WebhookQueue::Entry> entries;
        QNetworkReply *inFlight = nullptr;
    };

    explicit WebhookDispatcher(Options options);
    void add(WebhookQueue::Entry entry);
    void pump();
    void post(Lane &lane);
    void onFinished(Lane &lane, QNetworkReply *reply);
    void finish(Lane &lane);

    Options m_options;
    std::unique_ptr<WebhookQueue> m_queue;
    QNetworkAccessManager m_network;
    QTimer m_timer; //!< the next lane's head becomes due
    QTimer m_purge;
    std::map<std::string, Lane> m_lanes; //!< url + '\n' + room
    int m_depth = 0;
    Counters m_counters;
    std::mt19937_64 m_rng{std::random_device{}()};
};

} // namespace roomcast::server::webhooks
