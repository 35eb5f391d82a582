#pragma once

#include <cstdint>
#include <string>

namespace roomcast::server {

//! What a subscriber needs to know about a room's history.
struct RoomState
{
    std::string epoch;         //!< identifies one unbroken history of the room
    std::int64_t seq = 0;      //!< latest committed sequence number (0 = empty room)
    std::int64_t firstSeq = 1; //!< oldest retained seq (seq+1 when nothing is retained)
};

} // namespace roomcast::server
