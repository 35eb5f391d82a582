#pragma once

#include <QDateTime>
#include <QElapsedTimer>

#include <cstdint>
#include <functional>

namespace roomcast::server {

//! Time as the node sees it. Deadlines (heartbeat, grace, rate limits) use the monotonic
//! `now`; timestamps and token expiry use `wall`. Tests inject their own functions.
struct Clock
{
    std::function<std::int64_t()> now;  //!< monotonic milliseconds
    std::function<std::int64_t()> wall; //!< milliseconds since the Unix epoch

    static Clock system()
    {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        return Clock{[timer] { return timer->elapsed(); },
                     [] { return QDateTime::currentMSecsSinceEpoch(); }};
    }
};

} // namespace roomcast::server
