#include "webhookdispatcher.h"

#include "protocol/codec.h"
#include "protocol/roomname.h"

#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <cmath>

namespace roomcast::server::webhooks {

Q_LOGGING_CATEGORY(lcWebhooks, "roomcast.webhooks")

namespace {
constexpr std::int64_t kTombstoneMs = 24LL * 3600 * 1000;

std::string laneKey(const std::string &url, const std::string &room)
{
    return url + '\n' + room;
}
} // namespace

protocol::Expected<std::unique_ptr<WebhookDispatcher>> WebhookDispatcher::create(Options options)
{
    auto queue = WebhookQueue::open(options.queuePath);
    if (!queue)
        return queue.error();
    std::unique_ptr<WebhookDispatcher> d(new WebhookDispatcher(std::move(options)));
    d->m_queue = std::move(queue).value();
    const std::int64_t now = d->m_options.wallMs();
    d->m_queue->purge(now - kTombstoneMs);
    std::vector<WebhookQueue::Entry> pending = d->m_queue->pending();
    if (!pending.empty())
        qCInfo(lcWebhooks) << "resuming" << pending.size() << "queued webhook deliveries";
    for (WebhookQueue::Entry &entry : pending) {
        entry.nextMs = std::min(entry.nextMs, now); // a restart tries everything again at once
        d->add(std::move(entry));
    }
    d->pump();
    return d;
}

WebhookDispatcher::WebhookDispatcher(Options options) : m_options(std::move(options))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &WebhookDispatcher::pump);
    m_purge.setInterval(3600 * 1000);
    connect(&m_purge, &QTimer::timeout, this,
            [this] { m_queue->purge(m_options.wallMs() - kTombstoneMs); });
    m_purge.start();
}

WebhookDispatcher::~WebhookDispatcher()
{
    for (auto &[key, lane] : m_lanes)
        if (lane.inFlight) {
            lane.inFlight->disconnect(this);
            lane.inFlight->abort(); // still queued on disk: the next start sends it again
            lane.inFlight->deleteLater();
        }
}

void WebhookDispatcher::onStored(const protocol::Message &message, const std::string &epoch)
{
    std::string body;
    for (const WebhookTarget &target : m_options.targets) {
        if (!protocol::roomAllowed(target.patterns, message.room))
            continue;
        if (body.empty())
            body = protocol::encodeMessage(message);
        WebhookQueue::Entry entry;
        entry.url = target.url.toStdString();
        entry.room = message.room;
        entry.eventId = epoch + ':' + message.room + ':' + std::to_string(message.seq);
        entry.body = body;
        entry.firstMs = m_options.wallMs();
        if (m_queue->enqueue(entry)) // false: this event was queued before (a repeat)
            add(std::move(entry));
    }
    pump();
}

void WebhookDispatcher::add(WebhookQueue::Entry entry)
{
    m_lanes[laneKey(entry.url, entry.room)].entries.push_back(std::move(entry));
    ++m_depth;
}

void WebhookDispatcher::pump()
{
    const std::int64_t now = m_options.wallMs();
    std::int64_t nextDue = -1;
    for (auto &[key, lane] : m_lanes) {
        if (lane.inFlight || lane.entries.empty())
            continue;
        const std::int64_t due = lane.entries.front().nextMs;
        if (due <= now)
            post(lane);
        else if (nextDue < 0 || due < nextDue)
            nextDue = due;
    }
    if (nextDue >= 0)
        m_timer.start(static_cast<int>(std::clamp<std::int64_t>(nextDue - now, 0, INT32_MAX)));
}

void WebhookDispatcher::post(Lane &lane)
{
    const WebhookQueue::Entry &entry = lane.entries.front();
    const QByteArray body = QByteArray::fromStdString(entry.body);
    QNetworkRequest request(QUrl(QString::fromStdString(entry.url)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("roomcast-server/" ROOMCAST_VERSION));
    request.setRawHeader("X-Roomcast-Event-Id", QByteArray::fromStdString(entry.eventId));
    request.setRawHeader("X-Roomcast-Signature", signature(body, m_options.secret));
    request.setRawHeader("X-Roomcast-Attempt", QByteArray::number(entry.attempts + 1));
    request.setTransferTimeout(m_options.timeoutMs);
    // A redirect is not followed (Qt would turn the POST into a GET): it counts as a failure.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.post(request, body);
    lane.inFlight = reply;
    connect(reply, &QNetworkReply::finished, this,
            [this, &lane, reply] { onFinished(lane, reply); });
}

void WebhookDispatcher::onFinished(Lane &lane, QNetworkReply *reply)
{
    reply->deleteLater();
    lane.inFlight = nullptr;
    WebhookQueue::Entry &entry = lane.entries.front();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const std::int64_t now = m_options.wallMs();
    if (status >= 200 && status < 300) {
        ++m_counters.delivered;
        finish(lane);
    } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
        qCWarning(lcWebhooks) << "dropping webhook" << entry.eventId.c_str() << "to"
                              << entry.url.c_str() << ": the receiver refused it with" << status;
        ++m_counters.dropped;
        finish(lane);
    } else if (now - entry.firstMs >= m_options.retryForMs) {
        qCWarning(lcWebhooks) << "dropping webhook" << entry.eventId.c_str() << "to"
                              << entry.url.c_str() << "after" << entry.attempts + 1
                              << "attempts: last"
                              << (status ? QString::number(status) : reply->errorString());
        ++m_counters.dropped;
        finish(lane);
    } else {
        ++entry.attempts;
        std::int64_t delay =
            retryDelayMs(entry.attempts, std::uniform_real_distribution<double>(0.5, 1)(m_rng),
                         m_options.firstRetryMs, m_options.maxRetryMs);
        bool ok = false;
        const qint64 retryAfter = reply->rawHeader("Retry-After").toLongLong(&ok);
        if (ok && retryAfter >= 0)
            delay = std::min<std::int64_t>(retryAfter * 1000, m_options.maxRetryMs);
        entry.nextMs = now + delay;
        m_queue->reschedule(entry.id, entry.attempts, entry.nextMs);
        ++m_counters.retried;
        qCInfo(lcWebhooks) << "webhook" << entry.eventId.c_str() << "to" << entry.url.c_str()
                           << "failed ("
                           << (status ? QString::number(status) : reply->errorString())
                           << "), retry" << entry.attempts << "in" << delay << "ms";
    }
    pump();
}

void WebhookDispatcher::finish(Lane &lane)
{
    m_queue->finish(lane.entries.front().id, m_options.wallMs());
    lane.entries.pop_front();
    --m_depth;
}

std::int64_t WebhookDispatcher::retryDelayMs(int attempt, double jitter, int firstMs, int maxMs)
{
    const double exponential = double(firstMs) * std::pow(2.0, std::min(attempt - 1, 40));
    const double capped = std::min(exponential, double(maxMs));
    return static_cast<std::int64_t>(capped * std::clamp(jitter, 0.5, 1.0));
}

QByteArray WebhookDispatcher::signature(const QByteArray &body, const QByteArray &secret)
{
    return "sha256=" +
           QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

} // namespace roomcast::server::webhooks
