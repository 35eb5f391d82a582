#pragma once

// Just enough reading of server frames for the hot path of a benchmark client. The server's
// encoder writes compact JSON with "type" first and top-level fields before nested ones
// (src/protocol/encoder.cpp), so a prefix test and the first `"seq":` / `"id":` are exact for
// ack, message and subscribed frames. Anything else is parsed properly by whoever cares.

#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>

namespace roomcast::bench {

//! True when the frame is `{"type":"<type>"...`.
inline bool hasType(QStringView frame, QStringView type)
{
    constexpr QStringView head = u"{\"type\":\"";
    return frame.startsWith(head) && frame.mid(head.size()).startsWith(type) &&
           frame.size() > head.size() + type.size() && frame[head.size() + type.size()] == u'"';
}

//! The first non-negative integer field `"name":<digits>` of the frame.
inline std::optional<std::int64_t> intField(QStringView frame, QStringView quotedNameColon)
{
    const qsizetype at = frame.indexOf(quotedNameColon);
    if (at < 0)
        return std::nullopt;
    std::int64_t value = 0;
    qsizetype i = at + quotedNameColon.size();
    const qsizetype start = i;
    for (; i < frame.size() && frame[i] >= u'0' && frame[i] <= u'9'; ++i)
        value = value * 10 + (frame[i].unicode() - u'0');
    if (i == start)
        return std::nullopt;
    return value;
}

inline std::optional<std::int64_t> seqOf(QStringView frame)
{
    return intField(frame, u"\"seq\":");
}

inline std::optional<std::int64_t> idOf(QStringView frame)
{
    return intField(frame, u"\"id\":");
}

} // namespace roomcast::bench
