#include "rooms.h"

#include "fleet.h"
#include "protocol.h"
#include "stats.h"

#include <cmath>
#include <vector>

namespace roomcast::loadgen {

namespace {

class RoomsRun final : public Fleet::Observer
{
public:
    RoomsRun(const Target &target, const std::string &token, const RoomsOptions &o)
        : o_(o), fleet_(target, token), body_(std::size_t(std::max(1, o.bodyBytes)), 'x'),
          warmup_(std::uint64_t(std::llround(o.rate * o.warmupS))),
          total_(warmup_ + std::uint64_t(std::llround(o.rate * o.seconds))),
          rooms_(std::size_t(o.rooms))
    {
        fleet_.setObserver(this);
        for (int r = 0; r < o.rooms; ++r)
            for (int i = 0; i < o.perRoom; ++i)
                fleet_.add(roomName(r));
        for (int r = 0; r < o.rooms; ++r)
            publishers_.push_back(&fleet_.add(std::string()));
        const auto perRoom = total_ / std::uint64_t(o.rooms) + 1;
        for (Room &room : rooms_) {
            room.sendNs.resize(perRoom + 1);
            room.measured.resize(perRoom + 1);
            room.count.resize(perRoom + 1);
        }
        samples_.reserve((total_ - warmup_) * std::uint64_t(o.perRoom));
    }

    bool run(RoomsResult &r, std::string &error)
    {
        const bool ok = connect(r) && publishAll(r) && finalCheck(r);
        if (!ok)
            error = fleet_.error();
        fleet_.closeAll();
        return ok;
    }

    void onMessage(Session &s, std::uint64_t seq, std::int64_t now) override
    {
        const std::size_t r = roomOf(s);
        if (r >= rooms_.size())
            return fleet_.fail("publisher " + std::to_string(s.index()) + " got a message");
        if (seq != s.lastSeq + 1)
            return fleet_.fail("subscriber " + std::to_string(s.index()) + " got seq " +
                               std::to_string(seq) + " after " + std::to_string(s.lastSeq) +
                               " (lost, repeated or out of order)");
        s.lastSeq = seq;
        ++s.received;
        Room &room = rooms_[r];
        const std::uint64_t i = seq - room.base;
        if (i == 0 || i > room.sent)
            return fleet_.fail("seq " + std::to_string(seq) + " was not published");
        if (room.measured[i])
            samples_.push_back(now - room.sendNs[i]);
        if (++room.count[i] == std::uint64_t(o_.perRoom))
            ++completed_;
    }

    void onAck(Session &s, std::uint64_t id, std::uint64_t seq, std::int64_t now) override
    {
        const std::size_t r = std::size_t(s.index() - o_.rooms * o_.perRoom);
        if (r >= rooms_.size() || id == 0 || id > rooms_[r].sent || seq != rooms_[r].base + id)
            return fleet_.fail("session " + std::to_string(s.index()) + ": ack id " +
                               std::to_string(id) + " seq " + std::to_string(seq));
        ++acked_;
        if (rooms_[r].measured[id])
            ackSamples_.push_back(now - rooms_[r].sendNs[id]);
    }

private:
    struct Room
    {
        std::uint64_t base = 0, sent = 0;
        std::vector<std::int64_t> sendNs; // by publish index (seq - base), from 1
        std::vector<bool> measured;
        std::vector<std::uint32_t> count;
    };

    static std::string roomName(int r) { return "w2-" + std::to_string(r); }
    std::size_t roomOf(const Session &s) const
    {
        return s.index() < o_.rooms * o_.perRoom ? std::size_t(s.index() / o_.perRoom)
                                                 : rooms_.size();
    }
    std::int64_t deadline() const { return nowNs() + std::int64_t(o_.timeoutS * 1e9); }

    void publish(std::uint64_t k)
    {
        const std::size_t r = std::size_t(k % rooms_.size());
        Room &room = rooms_[r];
        const std::uint64_t i = ++room.sent;
        room.sendNs[i] = nowNs();
        room.measured[i] = k >= warmup_;
        publishers_[r]->sendText(publishFrame(std::int64_t(i), roomName(int(r)), body_));
    }

    bool connect(RoomsResult &r)
    {
        const std::int64_t t0 = nowNs();
        if (!fleet_.connectAll(o_.inFlight, deadline()))
            return false;
        r.connectS = double(nowNs() - t0) / 1e9;
        for (auto &s : fleet_.sessions()) {
            const std::size_t room = roomOf(*s);
            if (room < rooms_.size())
                rooms_[room].base = s->subscribedSeq(); // fresh rooms: all agree
        }
        return true;
    }

    bool publishAll(RoomsResult &r)
    {
        const auto interval = 1e9 / o_.rate;
        const std::int64_t start = nowNs();
        std::uint64_t k = 0;
        auto due = [&](std::uint64_t n) { return start + std::int64_t(double(n) * interval); };
        auto next = [&]() -> std::int64_t {
            while (k < total_ && nowNs() >= due(k)) {
                if (k == warmup_)
                    cpu_.start(o_.serverPid, nowNs());
                publish(k++);
            }
            if (k == total_ && !stopped_) {
                cpu_.stop(nowNs());
                stopped_ = true;
            }
            return k < total_ ? due(k) : 0;
        };
        const std::int64_t limit = deadline() + std::int64_t((o_.seconds + o_.warmupS) * 1e9);
        if (!fleet_.runUntil([this] { return completed_ == total_ && acked_ == total_; }, limit,
                             next))
            return false;
        r.publishes = total_ - warmup_;
        r.samples = samples_.size();
        if (r.samples != r.publishes * std::uint64_t(o_.perRoom)) {
            fleet_.fail("measured phase: " + std::to_string(r.samples) + " samples");
            return false;
        }
        r.p50Ms = nsToMs(percentile(samples_, 0.50));
        r.p99Ms = nsToMs(percentile(samples_, 0.99));
        r.maxMs = nsToMs(percentile(samples_, 1.0));
        r.ackP50Ms = nsToMs(percentile(ackSamples_, 0.50));
        r.serverCpuPct = cpu_.serverPct;
        r.loadgenCpuPct = cpu_.selfPct;
        return true;
    }

    bool finalCheck(RoomsResult &r)
    {
        for (auto &s : fleet_.sessions()) {
            const std::size_t room = roomOf(*s);
            if (room >= rooms_.size())
                continue;
            if (s->received != rooms_[room].sent)
                fleet_.fail("subscriber " + std::to_string(s->index()) + " got " +
                            std::to_string(s->received) + " of " +
                            std::to_string(rooms_[room].sent));
            r.deliveriesChecked += s->received;
        }
        return !fleet_.failed();
    }

    const RoomsOptions &o_;
    Fleet fleet_;
    std::string body_;
    const std::uint64_t warmup_, total_; // publishes over all rooms
    std::vector<Room> rooms_;
    std::vector<Session *> publishers_;
    std::vector<std::int64_t> samples_, ackSamples_;
    std::uint64_t completed_ = 0, acked_ = 0;
    bool stopped_ = false;
    CpuMeter cpu_;
};

} // namespace

bool runRooms(const Target &target, const std::string &token, const RoomsOptions &options,
              RoomsResult &result, std::string &error)
{
    RoomsRun run(target, token, options);
    return run.run(result, error);
}

} // namespace roomcast::loadgen
