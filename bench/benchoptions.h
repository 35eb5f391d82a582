#pragma once

#include "protocol/expected.h"

#include <QString>
#include <QStringList>

namespace roomcast::bench {

//! What one run measures. Both peers of a comparison always get the same sizes.
struct BenchOptions
{
    int clients = 8;       //!< concurrent publishers in the publish scenario (window 1 each)
    int messages = 2000;   //!< measured messages per peer, in total (both scenarios)
    int subscribers = 200; //!< subscribers in the fan-out scenario
    int window = 8;        //!< fan-out: messages in flight (sent, not yet at every subscriber)
    int rounds = 3;        //!< every peer runs this often, interleaved; tables show medians
    int warmup = 5;        //!< unmeasured publishes per publisher before the clock starts
    int timeoutSecs = 300; //!< per scenario run; a stuck run fails the bench
    bool publish = true;   //!< run the publish scenario (--scenario publish|fanout|all)
    bool fanout = true;    //!< run the fan-out scenario
    bool everysec = true;  //!< also measure Redis with appendfsync everysec (publish only)
    bool json = false;     //!< machine-readable output on stdout
    bool quick = false;    //!< tiny sizes (the CTest smoke run)
    bool help = false;
    QString helpText;
};

//! Parses the command line (arguments()[0] is the program). --quick sets small defaults that
//! explicit flags still override.
protocol::Expected<BenchOptions> parseBenchOptions(const QStringList &arguments);

} // namespace roomcast::bench
