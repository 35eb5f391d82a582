#include "node/metrics.h"

#include <algorithm>

namespace roomcast::server {

namespace {

//! Microseconds as decimal seconds without rounding: 500 -> "0.0005", 2500000 -> "2.5".
std::string seconds(std::int64_t micros)
{
    std::string out = std::to_string(micros / 1000000);
    std::string fraction = std::to_string(micros % 1000000);
    fraction.insert(0, 6 - fraction.size(), '0');
    while (!fraction.empty() && fraction.back() == '0')
        fraction.pop_back();
    if (!fraction.empty())
        out += '.' + fraction;
    return out;
}

void header(std::string &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void sample(std::string &out, const char *name, const std::string &labels, std::uint64_t value)
{
    out += name;
    out += labels;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
}

void gauge(std::string &out, const char *name, const char *help, std::uint64_t value)
{
    header(out, name, "gauge", help);
    sample(out, name, {}, value);
}

} // namespace

void Metrics::publishAcked(std::int64_t micros)
{
    micros = std::max<std::int64_t>(0, micros);
    const auto bound = std::lower_bound(kAckBucketsMicros.begin(), kAckBucketsMicros.end(), micros);
    ++m_ackBuckets[static_cast<std::size_t>(bound - kAckBucketsMicros.begin())];
    ++m_ackCount;
    m_ackSumMicros += micros;
}

void Metrics::httpRequest(std::string_view route, int status)
{
    ++m_http[{std::string(route), status}];
}

std::string Metrics::escapeLabelValue(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string Metrics::exposition(const Gauges &g) const
{
    std::string out;
    header(out, "roomcast_node_info", "gauge", "The node's id as a label; always 1.");
    sample(out, "roomcast_node_info", "{node=\"" + escapeLabelValue(g.node) + "\"}", 1);
    gauge(out, "roomcast_connections", "WebSocket connections open on this node.",
          static_cast<std::uint64_t>(std::max(0, g.connections)));
    gauge(out, "roomcast_rooms", "Rooms with at least one subscriber on this node.",
          static_cast<std::uint64_t>(std::max(0, g.rooms)));
    gauge(out, "roomcast_subscriptions", "Room subscriptions of this node's connections.",
          static_cast<std::uint64_t>(std::max(0, g.subscriptions)));
    gauge(out, "roomcast_store_up", "1 when the message store is usable, else 0.",
          g.storeUp ? 1 : 0);
    gauge(out, "roomcast_bus_up", "1 when the cluster bus (Redis) is usable, else 0.",
          g.busUp ? 1 : 0);

    if (g.webhooks) {
        gauge(out, "roomcast_webhook_queue_depth",
              "Webhook deliveries queued on this node and not done yet.",
              static_cast<std::uint64_t>(std::max(0, g.webhookQueueDepth)));
        header(out, "roomcast_webhook_deliveries_total", "counter",
               "Webhook attempts by outcome: delivered (2xx), retried (will be tried again), "
               "dropped (refused, or out of retry time).");
        sample(out, "roomcast_webhook_deliveries_total", "{result=\"delivered\"}",
               g.webhookDelivered);
        sample(out, "roomcast_webhook_deliveries_total", "{result=\"retried\"}", g.webhookRetried);
        sample(out, "roomcast_webhook_deliveries_total", "{result=\"dropped\"}", g.webhookDropped);
    }

    header(out, "roomcast_messages_published_total", "counter",
           "Messages stored through this node (repeats of a client_msg_id not counted).");
    sample(out, "roomcast_messages_published_total", {}, m_published);
    header(out, "roomcast_messages_delivered_total", "counter",
           "Message events written to subscribers of this node.");
    sample(out, "roomcast_messages_delivered_total", {}, m_delivered);
    header(out, "roomcast_searches_total", "counter",
           "Search queries run for this node's clients (WebSocket and HTTP).");
    sample(out, "roomcast_searches_total", {}, m_searches);

    header(out, "roomcast_publish_ack_seconds", "histogram",
           "Time from accepting a publish to its acknowledgement (stored).");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kAckBucketsMicros.size(); ++i) {
        cumulative += m_ackBuckets[i];
        sample(out, "roomcast_publish_ack_seconds_bucket",
               "{le=\"" + seconds(kAckBucketsMicros[i]) + "\"}", cumulative);
    }
    sample(out, "roomcast_publish_ack_seconds_bucket", "{le=\"+Inf\"}", m_ackCount);
    out += "roomcast_publish_ack_seconds_sum " + seconds(m_ackSumMicros) + '\n';
    sample(out, "roomcast_publish_ack_seconds_count", {}, m_ackCount);

    header(out, "roomcast_errors_total", "counter", "Error replies sent, by error code.");
    for (const auto &[code, count] : m_errors)
        sample(out, "roomcast_errors_total", "{code=\"" + escapeLabelValue(code) + "\"}", count);

    header(out, "roomcast_http_requests_total", "counter",
           "HTTP requests answered, by route and status.");
    for (const auto &[key, count] : m_http)
        sample(out, "roomcast_http_requests_total",
               "{route=\"" + escapeLabelValue(key.first) + "\",status=\"" +
                   std::to_string(key.second) + "\"}",
               count);
    return out;
}

} // namespace roomcast::server
