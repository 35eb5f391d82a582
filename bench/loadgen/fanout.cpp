#include "fanout.h"

#include "fleet.h"
#include "protocol.h"
#include "stats.h"

#include <cmath>
#include <vector>

namespace roomcast::loadgen {

namespace {

class FanoutRun final : public Fleet::Observer
{
public:
    FanoutRun(const Target &target, const std::string &token, const FanoutOptions &o)
        : o_(o), fleet_(target, token), body_(std::size_t(std::max(1, o.bodyBytes)), 'x'),
          saturated_(std::uint64_t(o.warmup + o.publishes)),
          fixed_(std::uint64_t(std::llround(o.rate * o.fixedSeconds))), total_(saturated_ + fixed_),
          sendNs_(total_ + 1), doneNs_(total_ + 1), count_(total_ + 1)
    {
        fleet_.setObserver(this);
        for (int i = 0; i < o.subscribers; ++i)
            fleet_.add(o.room);
        publisher_ = &fleet_.add(std::string());
        samples_.reserve(fixed_ * std::uint64_t(o.subscribers));
    }

    bool run(FanoutResult &r, std::string &error)
    {
        const bool ok = connect(r) && saturate(r) && fixedRate(r) && finalCheck(r);
        if (!ok)
            error = fleet_.error();
        fleet_.closeAll();
        return ok;
    }

    void onMessage(Session &s, std::uint64_t seq, std::int64_t now) override
    {
        if (seq != s.lastSeq + 1)
            return fleet_.fail("subscriber " + std::to_string(s.index()) + " got seq " +
                               std::to_string(seq) + " after " + std::to_string(s.lastSeq) +
                               " (lost, repeated or out of order)");
        s.lastSeq = seq;
        ++s.received;
        const std::uint64_t i = seq - base_;
        if (i == 0 || i > sent_)
            return fleet_.fail("seq " + std::to_string(seq) + " was not published");
        if (i > saturated_)
            samples_.push_back(now - sendNs_[i]);
        if (++count_[i] == std::uint64_t(o_.subscribers)) {
            doneNs_[i] = now;
            ++completed_;
            if (completed_ == std::uint64_t(o_.warmup))
                cpu_.start(o_.serverPid, now);
            else if (completed_ == saturated_)
                cpu_.stop(now);
            if (pumping_)
                pump();
        }
    }

    void onAck(Session &s, std::uint64_t id, std::uint64_t seq, std::int64_t now) override
    {
        if (&s != publisher_ || id == 0 || id > sent_ || seq != base_ + id)
            return fleet_.fail("ack id " + std::to_string(id) + " seq " + std::to_string(seq) +
                               ", expected seq " + std::to_string(base_ + id));
        ++acked_;
        if (id > saturated_)
            ackSamples_.push_back(now - sendNs_[id]);
    }

private:
    std::int64_t deadline() const { return nowNs() + std::int64_t(o_.timeoutS * 1e9); }

    void publish()
    {
        const std::uint64_t i = ++sent_;
        sendNs_[i] = nowNs();
        publisher_->sendText(publishFrame(std::int64_t(i), o_.room, body_));
    }

    void pump()
    {
        while (sent_ < saturated_ && sent_ - completed_ < std::uint64_t(o_.window))
            publish();
    }

    bool connect(FanoutResult &r)
    {
        const std::int64_t t0 = nowNs();
        if (!fleet_.connectAll(o_.inFlight, deadline()))
            return false;
        r.connectS = double(nowNs() - t0) / 1e9;
        base_ = fleet_.sessions().front()->subscribedSeq();
        for (auto &s : fleet_.sessions())
            if (s.get() != publisher_ && s->subscribedSeq() != base_)
                fleet_.fail("subscribers disagree on the room's seq before any publish");
        return !fleet_.failed();
    }

    bool saturate(FanoutResult &r)
    {
        pumping_ = true;
        if (o_.warmup == 0)
            cpu_.start(o_.serverPid, nowNs());
        pump();
        const bool ok = fleet_.runUntil(
            [this] { return completed_ == saturated_ && acked_ == saturated_; }, deadline());
        pumping_ = false;
        if (!ok)
            return false;
        const auto w = std::uint64_t(o_.warmup);
        const std::int64_t t0 = w > 0 ? doneNs_[w] : sendNs_[1];
        const double seconds = double(doneNs_[saturated_] - t0) / 1e9;
        const double deliveries = double(o_.publishes) * o_.subscribers;
        r.deliveriesPerS = deliveries / seconds;
        r.usPerDelivery = seconds * 1e6 / deliveries;
        r.publishesPerS = o_.publishes / seconds;
        r.serverCpuPct = cpu_.serverPct;
        r.loadgenCpuPct = cpu_.selfPct;
        std::vector<std::int64_t> last;
        for (std::uint64_t i = w + 1; i <= saturated_; ++i)
            last.push_back(doneNs_[i] - sendNs_[i]);
        r.saturatedLastP50Ms = nsToMs(percentile(last, 0.5));
        return true;
    }

    bool fixedRate(FanoutResult &r)
    {
        const auto interval = std::int64_t(1e9 / o_.rate);
        const std::int64_t start = nowNs();
        std::uint64_t k = 0; // fixed-rate publishes sent
        auto next = [&]() -> std::int64_t {
            while (k < fixed_ && nowNs() >= start + std::int64_t(k) * interval) {
                publish();
                ++k;
            }
            return k < fixed_ ? start + std::int64_t(k) * interval : 0;
        };
        const std::int64_t limit = deadline() + std::int64_t(o_.fixedSeconds * 1e9);
        if (!fleet_.runUntil([this] { return completed_ == total_ && acked_ == total_; }, limit,
                             next))
            return false;
        r.fixedPublishes = fixed_;
        r.fixedSamples = samples_.size();
        if (samples_.size() != fixed_ * std::uint64_t(o_.subscribers)) {
            fleet_.fail("fixed phase: " + std::to_string(samples_.size()) + " samples");
            return false;
        }
        r.fixedP50Ms = nsToMs(percentile(samples_, 0.50));
        r.fixedP99Ms = nsToMs(percentile(samples_, 0.99));
        r.fixedMaxMs = nsToMs(percentile(samples_, 1.0));
        r.fixedAckP50Ms = nsToMs(percentile(ackSamples_, 0.50));
        return true;
    }

    bool finalCheck(FanoutResult &r)
    {
        for (auto &s : fleet_.sessions()) {
            if (s.get() == publisher_)
                continue;
            if (s->received != total_ || s->lastSeq != base_ + total_)
                fleet_.fail("subscriber " + std::to_string(s->index()) + " got " +
                            std::to_string(s->received) + " of " + std::to_string(total_));
            r.deliveriesChecked += s->received;
        }
        return !fleet_.failed();
    }

    const FanoutOptions &o_;
    Fleet fleet_;
    Session *publisher_ = nullptr;
    std::string body_;
    const std::uint64_t saturated_; // warm-up + measured publishes of W1
    const std::uint64_t fixed_;     // publishes of W1-fixed
    const std::uint64_t total_;
    std::vector<std::int64_t> sendNs_, doneNs_; // by publish index (seq - base), from 1
    std::vector<std::uint64_t> count_;
    std::vector<std::int64_t> samples_;    // W1-fixed: publish -> each delivery
    std::vector<std::int64_t> ackSamples_; // W1-fixed: publish -> ack
    std::uint64_t base_ = 0, sent_ = 0, completed_ = 0, acked_ = 0;
    bool pumping_ = false;
    CpuMeter cpu_;
};

} // namespace

bool runFanout(const Target &target, const std::string &token, const FanoutOptions &options,
               FanoutResult &result, std::string &error)
{
    FanoutRun run(target, token, options);
    return run.run(result, error);
}

} // namespace roomcast::loadgen
