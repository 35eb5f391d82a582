#pragma once

// RFC 6455 framing, client side: masked frames out (section 5.3), unmasked server frames in.
// No extensions are negotiated, so RSV bits must be clear.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace roomcast::loadgen {

enum class Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

//! Appends one complete (FIN) client frame to `out`, masked with a fresh random key.
void appendClientFrame(std::string &out, Opcode op, std::string_view payload);

struct ServerFrame
{
    bool fin = false;
    Opcode op = Opcode::Text;
    std::string_view payload; // points into the parsed buffer
};

enum class ParseStatus { Frame, NeedMore, Error };

//! Parses the frame at the front of `buf`. On Frame, `consumed` is its size on the wire; on
//! Error, `error` says what was wrong (a masked frame, RSV bits, a bad control frame...).
ParseStatus parseServerFrame(std::string_view buf, ServerFrame &frame, std::size_t &consumed,
                             std::string &error);

} // namespace roomcast::loadgen
