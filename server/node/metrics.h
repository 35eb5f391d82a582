#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace roomcast::server {

//! The node's counters and the publish-to-ack histogram, rendered for Prometheus
//! (text exposition format 0.0.4) by GET /metrics. Counting is a few integer increments on
//! the node thread, so the hot path pays nothing for being observable; gauges are read from
//! the node at scrape time instead of being kept in step here.
class Metrics
{
public:
    //! What the node is right now, sampled when /metrics is scraped.
    struct Gauges
    {
        int connections = 0;
        int rooms = 0;
        int subscriptions = 0;
        bool busUp = true;
        bool storeUp = true;
        std::string node;      //!< the node id, exported as roomcast_node_info{node="..."}
        bool webhooks = false; //!< --webhook given: the webhook lines below are exported
        int webhookQueueDepth = 0;
        std::uint64_t webhookDelivered = 0;
        std::uint64_t webhookRetried = 0;
        std::uint64_t webhookDropped = 0;
    };

    //! Upper bounds of the publish-to-ack buckets in microseconds (0.0005 s .. 2.5 s).
    static constexpr std::array<std::int64_t, 12> kAckBucketsMicros = {
        500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000};

    void published() { ++m_published; } //!< a new message was stored (not a duplicate)
    void delivered(int n) { m_delivered += static_cast<std::uint64_t>(n > 0 ? n : 0); }
    void search() { ++m_searches; } //!< a search query ran (WebSocket or HTTP)
    void error(std::string_view code) { ++m_errors[std::string(code)]; }
    void publishAcked(std::int64_t micros);
    //! One HTTP answer; `route` is a fixed route name, never the raw path (bounded labels).
    void httpRequest(std::string_view route, int status);

    std::uint64_t publishedCount() const { return m_published; }
    std::uint64_t deliveredCount() const { return m_delivered; }

    std::string exposition(const Gauges &gauges) const;

    //! A label value with `\`, `"` and newlines escaped as the text format requires.
    static std::string escapeLabelValue(std::string_view value);

private:
    std::uint64_t m_published = 0;
    std::uint64_t m_delivered = 0;
    std::uint64_t m_searches = 0;
    std::map<std::string, std::uint64_t> m_errors;
    std::map<std::pair<std::string, int>, std::uint64_t> m_http;
    //! Per bucket, not cumulative; the last slot counts observations above every bound.
    std::array<std::uint64_t, kAckBucketsMicros.size() + 1> m_ackBuckets{};
    std::uint64_t m_ackCount = 0;
    std::int64_t m_ackSumMicros = 0;
};

} // namespace roomcast::server
