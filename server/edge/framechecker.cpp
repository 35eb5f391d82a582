#include "framechecker.h"

#include "frameencoder.h"

namespace roomcast::server::edge {

namespace {
constexpr int kContinuation = 0x0;
constexpr int kText = 0x1;
constexpr int kBinary = 0x2;
constexpr int kClose = 0x8;
constexpr int kPing = 0x9;
constexpr int kPong = 0xA;

//! The codes a peer may send in a close frame, as QtWebSockets 6.4 accepts them (so nothing
//! the edge lets through is refused by Qt after it): 1000-1003, 1007-1011, 3000-4999.
bool closeCodeAllowed(unsigned code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
           (code >= 3000 && code <= 4999);
}
} // namespace

bool FrameChecker::fail(std::uint16_t code, const char *reason)
{
    m_violation = Violation{code, reason};
    m_message.clear();
    m_control.clear();
    return false;
}

bool FrameChecker::feed(QByteArrayView bytes, QByteArray &out)
{
    while (!m_violation && !m_closed && !bytes.isEmpty()) {
        if (!m_headerDone) {
            if (!takeHeader(bytes))
                return false;
            if (!m_headerDone)
                return true; // the rest of the header is on its way
        }
        takePayload(bytes);
        if (m_violation)
            return false;
        if (m_payloadRead == m_length && !finishFrame(out))
            return false;
    }
    return !m_violation;
}

bool FrameChecker::takeHeader(QByteArrayView &bytes)
{
    while (m_headerSize < m_headerNeed && !bytes.isEmpty()) {
        m_header[static_cast<std::size_t>(m_headerSize++)] = static_cast<unsigned char>(bytes[0]);
        bytes = bytes.sliced(1);
        if (m_headerSize == 2 && !checkFirstTwo())
            return false;
    }
    if (m_headerSize < m_headerNeed)
        return true;
    if (!checkLength())
        return false;
    for (int i = 0; i < 4; ++i)
        m_mask[static_cast<std::size_t>(i)] =
            m_header[static_cast<std::size_t>(m_headerNeed - 4 + i)];
    m_headerDone = true;
    m_payloadRead = 0;
    return true;
}

bool FrameChecker::checkFirstTwo()
{
    const unsigned char b0 = m_header[0];
    const unsigned char b1 = m_header[1];
    m_fin = (b0 & 0x80) != 0;
    m_opcode = b0 & 0x0F;
    if (b0 & 0x70)
        return fail(1002, "reserved bits set without a negotiated extension");
    if (m_opcode != kContinuation && m_opcode != kText && m_opcode != kBinary &&
        m_opcode != kClose && m_opcode != kPing && m_opcode != kPong)
        return fail(1002, "reserved opcode");
    if (!(b1 & 0x80))
        return fail(1002, "client frames must be masked");
    const unsigned len7 = b1 & 0x7F;
    if (m_opcode >= kClose) {
        if (!m_fin)
            return fail(1002, "fragmented control frame");
        if (len7 > 125)
            return fail(1002, "control frame over 125 bytes");
    } else if (m_opcode == kContinuation && m_messageOpcode < 0) {
        return fail(1002, "continuation frame without a message to continue");
    } else if (m_opcode != kContinuation && m_messageOpcode >= 0) {
        return fail(1002, "new data frame inside a fragmented message");
    }
    m_headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
    return true;
}

bool FrameChecker::checkLength()
{
    const unsigned len7 = m_header[1] & 0x7F;
    if (len7 == 126) {
        m_length = (std::uint64_t(m_header[2]) << 8) | m_header[3];
        if (m_length < 126)
            return fail(1002, "payload length not in its shortest form");
    } else if (len7 == 127) {
        m_length = 0;
        for (int i = 2; i < 10; ++i)
            m_length = (m_length << 8) | m_header[static_cast<std::size_t>(i)];
        if (m_length >> 63)
            return fail(1002, "payload length with its most significant bit set");
        if (m_length <= 0xFFFF)
            return fail(1002, "payload length not in its shortest form");
    } else {
        m_length = len7;
    }
    if (m_opcode < kClose) {
        const auto held = static_cast<std::uint64_t>(m_message.size());
        if (m_length > m_maxMessage || held + m_length > m_maxMessage)
            return fail(1009, "message too big");
        if (m_opcode != kContinuation)
            m_messageOpcode = m_opcode;
    }
    return true;
}

void FrameChecker::takePayload(QByteArrayView &bytes)
{
    const auto take =
        static_cast<qsizetype>(std::min<std::uint64_t>(m_length - m_payloadRead, bytes.size()));
    if (take == 0)
        return;
    QByteArray &target = m_opcode >= kClose ? m_control : m_message;
    const qsizetype start = target.size();
    target.resize(start + take);
    auto *dst = reinterpret_cast<unsigned char *>(target.data() + start);
    const auto *src = reinterpret_cast<const unsigned char *>(bytes.data());
    for (qsizetype i = 0; i < take; ++i)
        dst[i] = src[i] ^ m_mask[(m_payloadRead + static_cast<std::uint64_t>(i)) & 3];
    m_payloadRead += static_cast<std::uint64_t>(take);
    bytes = bytes.sliced(take);
    if (m_opcode < kClose && m_messageOpcode == kText &&
        !m_utf8.feed(dst, static_cast<std::size_t>(take)))
        fail(1007, "invalid UTF-8 in a text message");
}

bool FrameChecker::finishFrame(QByteArray &out)
{
    m_headerDone = false;
    m_headerSize = 0;
    m_headerNeed = 2;
    if (m_opcode >= kClose)
        return finishControl(out);
    if (!m_fin)
        return true; // more fragments follow
    if (m_messageOpcode == kText && !m_utf8.complete())
        return fail(1007, "text message ends inside a UTF-8 character");
    appendFrame(out, m_messageOpcode, m_message);
    m_message.clear();
    m_utf8.reset();
    m_messageOpcode = -1;
    return true;
}

bool FrameChecker::finishControl(QByteArray &out)
{
    if (m_opcode == kClose) {
        if (m_control.size() == 1)
            return fail(1002, "close frame with a one-byte payload");
        if (m_control.size() >= 2) {
            const unsigned code = (unsigned(static_cast<unsigned char>(m_control[0])) << 8) |
                                  static_cast<unsigned char>(m_control[1]);
            if (!closeCodeAllowed(code))
                return fail(1002, "close frame with an invalid close code");
            Utf8Validator reason;
            if (!reason.feed(reinterpret_cast<const unsigned char *>(m_control.constData()) + 2,
                             static_cast<std::size_t>(m_control.size() - 2)) ||
                !reason.complete())
                return fail(1007, "close reason is not valid UTF-8");
        }
        m_closed = true;
    }
    appendFrame(out, m_opcode, m_control);
    m_control.clear();
    return true;
}

void FrameChecker::appendFrame(QByteArray &out, int opcode, QByteArrayView payload)
{
    edge::appendFrame(out, static_cast<Opcode>(opcode), payload);
}

} // namespace roomcast::server::edge
