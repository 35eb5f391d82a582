#pragma once

// The kernel's floor for W1 on this machine, with no WebSocket server in the way: one thread
// pinned to the server's CPU writes `frames` pre-built server frames (the size of a W1
// delivery) to each of `subscribers` loopback TCP sockets with one send() per socket per
// round, as the best possible fan-out would; one thread pinned to the load generator's CPU
// reads them with epoll and gives each frame the same cheap reading the load generator's
// subscribers give a delivery. A round starts when every frame of the one before it has been
// read (W1's window moves as one group), so the sender sleeps and wakes as a server does.
// With a rate, rounds start on a schedule instead (W1-fixed: one frame per round) and the
// time from a round's start to each of its frames being read is what is measured.

#include <cstdint>
#include <string>

namespace roomcast::loadgen {

struct SendFloorOptions
{
    int subscribers = 1000;
    int frames = 8;    // frames per send(): W1's window
    int rounds = 1000; // measured rounds, after `warmup` unmeasured ones
    int warmup = 100;
    int bodyBytes = 100; // the chat text of each message
    int senderCpu = 0;   // where the servers run in edge-bench.sh
    int readerCpu = 1;   // where the load generator runs
    //! > 0: rounds start at this rate instead (W1-fixed's floor), each frame's latency timed
    double rate = 0;
};

struct SendFloorResult
{
    double deliveriesPerS = 0;
    double usPerDelivery = 0;
    double usPerSend = 0;
    double senderCpuPct = 0; // the sending thread's CPU time over the measured rounds
    std::uint64_t framesChecked = 0;
    double pacedP50Ms = 0; // with a rate: round start -> each frame read
    double pacedP99Ms = 0;
};

bool runSendFloor(const SendFloorOptions &options, SendFloorResult &result, std::string &error);

} // namespace roomcast::loadgen
