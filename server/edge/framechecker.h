#pragma once

#include "utf8validator.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstdint>
#include <optional>

namespace roomcast::server::edge {

//! Checks what a client writes after the upgrade against RFC 6455 section 5 and rewrites it
//! into the stream QWebSocket reads: each data message as one unmasked frame, each control
//! frame as it comes. In front of QtWebSockets 6.4 this is what makes the edge strict: Qt
//! accepts unmasked client frames, refuses a UTF-8 character split across fragments (its
//! decoder is stateless) and closes an oversized message without a close frame. Memory is
//! bounded: at most one message (the limit) and one control frame are held.
//! Pure (bytes in, bytes out), so every case is a unit test and a fuzz input.
class FrameChecker
{
public:
    //! The close code and reason the connection must end with (RFC 6455 7.4.1).
    struct Violation
    {
        std::uint16_t code = 1002;
        const char *reason = "";
    };

    explicit FrameChecker(std::uint64_t maxMessageBytes) : m_maxMessage(maxMessageBytes) {}

    //! Checks the next `bytes` of the stream and appends every frame that is complete and
    //! valid to `out`. False from the first violation on: nothing of the offending frame, or
    //! after it, is ever appended. After the client's close frame the rest is ignored.
    bool feed(QByteArrayView bytes, QByteArray &out);

    const std::optional<Violation> &violation() const { return m_violation; }
    //! The client's close frame went out to `out`: nothing after it counts (RFC 6455 5.5.1).
    bool closed() const { return m_closed; }
    //! No partial frame or message is held, so the buffers can be released.
    bool idle() const { return m_headerSize == 0 && m_messageOpcode < 0; }

private:
    bool fail(std::uint16_t code, const char *reason);
    bool takeHeader(QByteArrayView &bytes);
    bool checkFirstTwo();
    bool checkLength();
    void takePayload(QByteArrayView &bytes);
    bool finishFrame(QByteArray &out);
    bool finishControl(QByteArray &out);
    static void appendFrame(QByteArray &out, int opcode, QByteArrayView payload);

    std::uint64_t m_maxMessage;
    std::optional<Violation> m_violation;
    bool m_closed = false;

    // the frame being read
    std::array<unsigned char, 14> m_header{};
    int m_headerSize = 0;
    int m_headerNeed = 2;
    bool m_headerDone = false;
    bool m_fin = false;
    int m_opcode = 0;
    std::uint64_t m_length = 0;
    std::uint64_t m_payloadRead = 0;
    std::array<unsigned char, 4> m_mask{};

    // the data message being assembled (opcode -1: none) and the control frame being read
    int m_messageOpcode = -1;
    QByteArray m_message;
    Utf8Validator m_utf8;
    QByteArray m_control;
};

} // namespace roomcast::server::edge
