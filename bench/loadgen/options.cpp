#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace roomcast::loadgen {

namespace {

constexpr const char *kUsage =
    R"(usage: roomcast-loadgen --url ws://127.0.0.1:PORT/ws --token T|--token-file F
                        --workload fanout|rooms|idle [options]
       roomcast-loadgen --workload fsync --dir DIR [--samples N]
       roomcast-loadgen --workload sendfloor [--subscribers N] [--frames N] [--publishes N]
  fanout (W1 + W1-fixed):
    --subscribers N    subscribers of the room (1000)     --window N     publishes in flight (8)
    --warmup N         unmeasured publishes (20)          --publishes N  measured publishes (200)
    --rate N           W1-fixed publishes per second (50) --seconds S    W1-fixed duration (4)
    --room NAME        (bench)
  rooms (W2):
    --rooms N          rooms, one publisher each (200)    --per-room N   subscribers per room (5)
    --total-rate N     publishes/s over all rooms (2000)  --seconds S    measured duration (4)
  idle (W3):
    --connections N    idle connections (9000)            --rooms N      rooms they spread over (100)
    --settle S         wait before reading VmRSS (1)
  fsync (the disk's floor for W2):
    --dir DIR          where to write (the data dir's fs)  --samples N   appends + fdatasync (1000)
  sendfloor (the kernel's floor for W1: no server, one send() of N frames per socket):
    --subscribers N    loopback sockets (1000)            --frames N     frames per send() (8)
    --publishes N      measured rounds (1000)             --warmup N     unmeasured rounds (100)
    --sender-cpu N     the sending thread's CPU (0)       --reader-cpu N the reading thread's (1)
    --rate N           rounds per second instead of back to back: each frame's latency
  all WebSocket workloads:
    --server-pid PID   the server's process: its VmRSS (idle) and CPU use
    --inflight N       handshakes in flight (256)         --timeout S    per phase (fanout 120, idle 300)
    --body-bytes N     chat text size (100)
Prints `name value` result lines on stdout; exits 1 when a check fails, 2 on bad usage.
)";

bool number(const char *text, double &out)
{
    char *end = nullptr;
    out = std::strtod(text, &end);
    return end != text && *end == '\0' && out >= 0;
}

} // namespace

bool parseOptions(int argc, char **argv, Options &o)
{
    FanoutOptions &f = o.fanout;
    IdleOptions &w = o.idle;
    RoomsOptions &m = o.rooms;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "-h" || flag == "--help") {
            std::fputs(kUsage, stderr);
            return false;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "roomcast-loadgen: %s needs a value\n%s", flag.c_str(), kUsage);
            return false;
        }
        const char *value = argv[++i];
        double n = 0;
        const bool isNumber = number(value, n);
        auto integer = [&](int &field) {
            field = int(n);
            return isNumber && n >= 1;
        };
        auto real = [&](double &field) {
            field = n;
            return isNumber && n > 0;
        };
        bool ok = true;
        if (flag == "--url")
            o.url = value;
        else if (flag == "--token")
            o.token = value;
        else if (flag == "--token-file")
            ok = bool(std::getline(std::ifstream(value), o.token));
        else if (flag == "--workload")
            o.workload = value;
        else if (flag == "--subscribers") {
            ok = integer(f.subscribers);
            o.sendFloor.subscribers = f.subscribers;
        } else if (flag == "--frames")
            ok = integer(o.sendFloor.frames);
        else if (flag == "--sender-cpu") {
            o.sendFloor.senderCpu = int(n);
            ok = isNumber;
        } else if (flag == "--reader-cpu") {
            o.sendFloor.readerCpu = int(n);
            ok = isNumber;
        } else if (flag == "--window")
            ok = integer(f.window);
        else if (flag == "--warmup") {
            f.warmup = o.sendFloor.warmup = int(n);
            ok = isNumber;
        } else if (flag == "--publishes") {
            ok = integer(f.publishes);
            o.sendFloor.rounds = f.publishes;
        } else if (flag == "--rate") {
            ok = real(f.rate);
            o.sendFloor.rate = f.rate;
        } else if (flag == "--seconds") {
            ok = real(f.fixedSeconds);
            m.seconds = n;
        } else if (flag == "--body-bytes") {
            ok = integer(f.bodyBytes);
            m.bodyBytes = o.sendFloor.bodyBytes = f.bodyBytes;
        } else if (flag == "--per-room")
            ok = integer(m.perRoom);
        else if (flag == "--total-rate")
            ok = real(m.rate);
        else if (flag == "--dir")
            o.fsync.dir = value;
        else if (flag == "--samples")
            ok = integer(o.fsync.samples);
        else if (flag == "--room")
            f.room = value;
        else if (flag == "--connections")
            ok = integer(w.connections);
        else if (flag == "--rooms") {
            ok = integer(w.rooms);
            m.rooms = w.rooms;
        } else if (flag == "--server-pid") {
            int pid = 0;
            ok = integer(pid);
            w.serverPid = f.serverPid = m.serverPid = pid;
        } else if (flag == "--settle") {
            w.settleS = n;
            ok = isNumber;
        } else if (flag == "--inflight") {
            ok = integer(f.inFlight);
            w.inFlight = m.inFlight = f.inFlight;
        } else if (flag == "--timeout") {
            ok = real(f.timeoutS);
            w.timeoutS = m.timeoutS = f.timeoutS;
        } else {
            std::fprintf(stderr, "roomcast-loadgen: unknown option %s\n%s", flag.c_str(), kUsage);
            return false;
        }
        if (!ok) {
            std::fprintf(stderr, "roomcast-loadgen: bad value for %s: %s\n", flag.c_str(), value);
            return false;
        }
    }
    if (o.workload == "fsync") {
        if (o.fsync.dir.empty()) {
            std::fprintf(stderr, "roomcast-loadgen: --workload fsync needs --dir\n%s", kUsage);
            return false;
        }
        return true;
    }
    if (o.workload == "sendfloor")
        return true;
    if (o.url.empty() || o.token.empty() ||
        (o.workload != "fanout" && o.workload != "rooms" && o.workload != "idle")) {
        std::fprintf(stderr, "roomcast-loadgen: --url, --token and --workload are required\n%s",
                     kUsage);
        return false;
    }
    return true;
}

} // namespace roomcast::loadgen
