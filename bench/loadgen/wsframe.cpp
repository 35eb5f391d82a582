#include "wsframe.h"

#include <random>

namespace roomcast::loadgen {

namespace {

// xorshift64*: masking keys must be unpredictable to the network (RFC 6455 10.3), not
// cryptographic; one generator seeded once per process is plenty for a load generator.
std::uint32_t nextMaskKey()
{
    static std::uint64_t state = [] {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32 | rd()) | 1;
    }();
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return std::uint32_t((state * 0x2545F4914F6CDD1DULL) >> 32);
}

} // namespace

void appendClientFrame(std::string &out, Opcode op, std::string_view payload)
{
    const std::size_t n = payload.size();
    out.push_back(char(0x80 | std::uint8_t(op)));
    if (n < 126) {
        out.push_back(char(0x80 | n));
    } else if (n <= 0xFFFF) {
        out.push_back(char(0x80 | 126));
        out.push_back(char(n >> 8));
        out.push_back(char(n & 0xFF));
    } else {
        out.push_back(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(char((std::uint64_t(n) >> shift) & 0xFF));
    }
    const std::uint32_t key = nextMaskKey();
    const char mask[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
    out.append(mask, 4);
    const std::size_t at = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < n; ++i)
        out[at + i] = char(out[at + i] ^ mask[i & 3]);
}

ParseStatus parseServerFrame(std::string_view buf, ServerFrame &frame, std::size_t &consumed,
                             std::string &error)
{
    if (buf.size() < 2)
        return ParseStatus::NeedMore;
    const auto b0 = std::uint8_t(buf[0]);
    const auto b1 = std::uint8_t(buf[1]);
    if (b0 & 0x70) {
        error = "server frame with RSV bits set";
        return ParseStatus::Error;
    }
    if (b1 & 0x80) {
        error = "masked server frame";
        return ParseStatus::Error;
    }
    const std::uint8_t op = b0 & 0x0F;
    const bool control = op & 0x08;
    if (op != 0x0 && op != 0x1 && op != 0x2 && op != 0x8 && op != 0x9 && op != 0xA) {
        error = "reserved opcode " + std::to_string(op);
        return ParseStatus::Error;
    }
    std::size_t header = 2;
    std::uint64_t len = b1 & 0x7F;
    if (len == 126) {
        if (buf.size() < 4)
            return ParseStatus::NeedMore;
        len = std::uint64_t(std::uint8_t(buf[2])) << 8 | std::uint8_t(buf[3]);
        header = 4;
    } else if (len == 127) {
        if (buf.size() < 10)
            return ParseStatus::NeedMore;
        len = 0;
        for (int i = 2; i < 10; ++i)
            len = len << 8 | std::uint8_t(buf[i]);
        if (len >> 63) {
            error = "64-bit length with its top bit set";
            return ParseStatus::Error;
        }
        header = 10;
    }
    if (control && (len > 125 || !(b0 & 0x80))) {
        error = "fragmented or oversized control frame";
        return ParseStatus::Error;
    }
    if (buf.size() - header < len)
        return ParseStatus::NeedMore;
    frame.fin = b0 & 0x80;
    frame.op = Opcode(op);
    frame.payload = buf.substr(header, std::size_t(len));
    consumed = header + std::size_t(len);
    return ParseStatus::Frame;
}

} // namespace roomcast::loadgen
