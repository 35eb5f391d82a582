#include "idle.h"

#include "fleet.h"
#include "stats.h"

namespace roomcast::loadgen {

bool runIdle(const Target &target, const std::string &token, const IdleOptions &o, IdleResult &r,
             std::string &error)
{
    if (o.serverPid > 0 && (r.rssBeforeKb = residentKb(o.serverPid)) < 0) {
        error = "cannot read VmRSS of pid " + std::to_string(o.serverPid);
        return false;
    }
    Fleet fleet(target, token); // no observer: a message or an ack here fails the run
    for (int i = 0; i < o.connections; ++i)
        fleet.add("idle-" + std::to_string(i % std::max(1, o.rooms)));

    CpuMeter cpu;
    const std::int64_t t0 = nowNs();
    cpu.start(o.serverPid, t0);
    bool ok = fleet.connectAll(o.inFlight, t0 + std::int64_t(o.timeoutS * 1e9));
    const std::int64_t t1 = nowNs();
    cpu.stop(t1);
    r.serverCpuPct = cpu.serverPct;
    r.loadgenCpuPct = cpu.selfPct;
    r.connectS = double(t1 - t0) / 1e9;
    r.connectionsPerS = o.connections / r.connectS;

    // Let the server settle (the loop keeps answering its pings), then read its memory.
    const std::int64_t settled = t1 + std::int64_t(o.settleS * 1e9);
    ok = ok && fleet.runUntil([settled] { return nowNs() >= settled; }, settled + 1'000'000'000,
                              [settled] { return settled; });
    if (ok && o.serverPid > 0) {
        r.rssAfterKb = residentKb(o.serverPid);
        r.kbPerConnection = double(r.rssAfterKb - r.rssBeforeKb) / o.connections;
    }
    for (auto &s : fleet.sessions())
        if (ok && !s->ready())
            fleet.fail("session " + std::to_string(s->index()) + " is not ready at the end");
    if (!ok || fleet.failed())
        error = fleet.error();
    fleet.closeAll();
    return error.empty();
}

} // namespace roomcast::loadgen
