// roomcast-loadgen: a load generator for Roomcast's wire protocol (docs/protocol.md 1-3) on
// plain POSIX sockets and epoll, one thread, no Qt, so that the same client measures
// roomcast-server and any other peer speaking that protocol (bench/edge-bench.sh).

#include "options.h"
#include "wsupgrade.h"

#include <csignal>
#include <cstdio>

using namespace roomcast::loadgen;

namespace {

void print(const char *name, double value)
{
    std::printf("%s %.10g\n", name, value);
}

int fanout(const Target &target, const Options &o)
{
    FanoutResult r;
    std::string error;
    if (!runFanout(target, o.token, o.fanout, r, error)) {
        std::fprintf(stderr, "roomcast-loadgen: fanout failed: %s\n", error.c_str());
        return 1;
    }
    print("fanout.subscribers", o.fanout.subscribers);
    print("fanout.connect_s", r.connectS);
    print("w1.deliveries_per_s", r.deliveriesPerS);
    print("w1.us_per_delivery", r.usPerDelivery);
    print("w1.publishes_per_s", r.publishesPerS);
    print("w1.last_delivery_p50_ms", r.saturatedLastP50Ms);
    if (r.serverCpuPct >= 0)
        print("w1.server_cpu_pct", r.serverCpuPct);
    print("w1.loadgen_cpu_pct", r.loadgenCpuPct);
    print("w1fixed.publishes", double(r.fixedPublishes));
    print("w1fixed.samples", double(r.fixedSamples));
    print("w1fixed.p50_ms", r.fixedP50Ms);
    print("w1fixed.p99_ms", r.fixedP99Ms);
    print("w1fixed.max_ms", r.fixedMaxMs);
    print("w1fixed.ack_p50_ms", r.fixedAckP50Ms);
    print("check.deliveries_in_order", double(r.deliveriesChecked));
    return 0;
}

int rooms(const Target &target, const Options &o)
{
    RoomsResult r;
    std::string error;
    if (!runRooms(target, o.token, o.rooms, r, error)) {
        std::fprintf(stderr, "roomcast-loadgen: rooms failed: %s\n", error.c_str());
        return 1;
    }
    print("w2.rooms", o.rooms.rooms);
    print("w2.connect_s", r.connectS);
    print("w2.publishes", double(r.publishes));
    print("w2.samples", double(r.samples));
    print("w2.p50_ms", r.p50Ms);
    print("w2.p99_ms", r.p99Ms);
    print("w2.max_ms", r.maxMs);
    print("w2.ack_p50_ms", r.ackP50Ms);
    if (r.serverCpuPct >= 0)
        print("w2.server_cpu_pct", r.serverCpuPct);
    print("w2.loadgen_cpu_pct", r.loadgenCpuPct);
    print("check.w2_deliveries_in_order", double(r.deliveriesChecked));
    return 0;
}

int fsyncProbe(const Options &o)
{
    FsyncResult r;
    std::string error;
    if (!runFsyncProbe(o.fsync, r, error)) {
        std::fprintf(stderr, "roomcast-loadgen: fsync probe failed: %s\n", error.c_str());
        return 1;
    }
    print("fsync.p50_ms", r.p50Ms);
    print("fsync.p99_ms", r.p99Ms);
    print("fsync.max_ms", r.maxMs);
    return 0;
}

int sendFloor(const Options &o)
{
    SendFloorResult r;
    std::string error;
    if (!runSendFloor(o.sendFloor, r, error)) {
        std::fprintf(stderr, "roomcast-loadgen: sendfloor failed: %s\n", error.c_str());
        return 1;
    }
    print("floor.frames_per_send", o.sendFloor.frames);
    print("floor.deliveries_per_s", r.deliveriesPerS);
    print("floor.us_per_delivery", r.usPerDelivery);
    print("floor.us_per_send", r.usPerSend);
    print("floor.sender_cpu_pct", r.senderCpuPct);
    if (o.sendFloor.rate > 0) {
        print("floor.paced_p50_ms", r.pacedP50Ms);
        print("floor.paced_p99_ms", r.pacedP99Ms);
    }
    print("check.floor_frames_in_order", double(r.framesChecked));
    return 0;
}

int idle(const Target &target, const Options &o)
{
    IdleResult r;
    std::string error;
    if (!runIdle(target, o.token, o.idle, r, error)) {
        std::fprintf(stderr, "roomcast-loadgen: idle failed: %s\n", error.c_str());
        return 1;
    }
    print("w3.connections", o.idle.connections);
    print("w3.connect_s", r.connectS);
    print("w3.connections_per_s", r.connectionsPerS);
    if (r.serverCpuPct >= 0)
        print("w3.server_cpu_pct", r.serverCpuPct);
    print("w3.loadgen_cpu_pct", r.loadgenCpuPct);
    if (o.idle.serverPid > 0) {
        print("w3.rss_before_kb", double(r.rssBeforeKb));
        print("w3.rss_after_kb", double(r.rssAfterKb));
        print("w3.kb_per_connection", r.kbPerConnection);
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, options))
        return 2;
    if (options.workload == "fsync")
        return fsyncProbe(options);
    std::signal(SIGPIPE, SIG_IGN);
    if (options.workload == "sendfloor")
        return sendFloor(options);
    Target target;
    if (!parseWsUrl(options.url, target)) {
        std::fprintf(stderr, "roomcast-loadgen: --url must be ws://IPv4:PORT/path\n");
        return 2;
    }
    if (options.workload == "fanout")
        return fanout(target, options);
    return options.workload == "rooms" ? rooms(target, options) : idle(target, options);
}
