#pragma once

#include <cstddef>
#include <cstdint>

namespace roomcast::server::edge {

//! Incremental UTF-8 check (RFC 3629: no overlong forms, no surrogates, nothing above
//! U+10FFFF) whose state survives between calls, so a character may be split anywhere: across
//! reads, frames or fragments. QtWebSockets 6.4 decodes each fragment statelessly and refuses
//! such splits; the edge checks the whole message instead.
class Utf8Validator
{
public:
    //! False at the first byte that cannot continue a valid sequence; the state is then spent.
    bool feed(const unsigned char *bytes, std::size_t size)
    {
        for (std::size_t i = 0; i < size; ++i) {
            const unsigned char b = bytes[i];
            if (m_need == 0) {
                if (b < 0x80)
                    continue;
                if (!start(b))
                    return false;
            } else {
                if (b < m_low || b > m_high)
                    return false;
                m_low = 0x80;
                m_high = 0xBF;
                --m_need;
            }
        }
        return true;
    }
    //! True between characters: a message may end here.
    bool complete() const { return m_need == 0; }
    void reset() { *this = Utf8Validator(); }

private:
    //! A lead byte: how many continuation bytes follow and the range of the first one.
    bool start(unsigned char b)
    {
        m_low = 0x80;
        m_high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            m_need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            m_need = 2;
            if (b == 0xE0)
                m_low = 0xA0; // else overlong
            else if (b == 0xED)
                m_high = 0x9F; // else a UTF-16 surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            m_need = 3;
            if (b == 0xF0)
                m_low = 0x90; // else overlong
            else if (b == 0xF4)
                m_high = 0x8F; // else above U+10FFFF
        } else {
            return false; // a continuation byte, C0/C1 (overlong) or F5..FF
        }
        return true;
    }

    int m_need = 0;
    unsigned char m_low = 0x80;
    unsigned char m_high = 0xBF;
};

} // namespace roomcast::server::edge
