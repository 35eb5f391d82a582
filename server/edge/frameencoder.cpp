#include "frameencoder.h"

#include <cstdint>

namespace roomcast::server::edge {

void appendFrame(QByteArray &out, Opcode opcode, QByteArrayView payload)
{
    const auto size = static_cast<std::uint64_t>(payload.size());
    out.reserve(out.size() + payload.size() + 10);
    out.append(static_cast<char>(0x80 | static_cast<unsigned char>(opcode)));
    if (size < 126) {
        out.append(static_cast<char>(size));
    } else if (size <= 0xFFFF) {
        out.append(static_cast<char>(126));
        out.append(static_cast<char>(size >> 8));
        out.append(static_cast<char>(size & 0xFF));
    } else {
        out.append(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(static_cast<char>((size >> shift) & 0xFF));
    }
    out.append(payload);
}

QByteArray textFrame(QByteArrayView utf8)
{
    QByteArray out;
    appendFrame(out, Opcode::Text, utf8);
    return out;
}

} // namespace roomcast::server::edge
