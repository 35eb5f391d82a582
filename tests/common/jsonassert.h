#pragma once

// Small helpers for end-to-end tests that check JSON frames with QtTest: each turns a field
// into a value QCOMPARE can print, without throwing or inserting when the field is absent or
// of another type, so that a wrong frame fails readably instead of crashing the test.

#include "testclient.h"

#include <QList>
#include <QRegularExpression>
#include <QString>

#include <cctype>
#include <limits>
#include <optional>
#include <string>

namespace roomcast::test {

//! A string field as QString, or a marker that shows what was there instead.
inline QString str(const Json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    return QStringLiteral("<not a string: %1>").arg(QString::fromStdString(value.dump()));
}

//! Compact JSON text, so that QCOMPARE shows both sides.
inline QString js(const Json &value)
{
    return QString::fromStdString(value.dump());
}

//! A string's text, or the compact JSON of any other value: an id reads "4" whether it is the
//! number 4 or the string "4".
inline QString text(const Json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : js(value);
}

//! An integer field, or the lowest qint64 when it is not an integer.
inline qint64 num(const Json &value)
{
    return value.is_number_integer() ? value.get<qint64>() : std::numeric_limits<qint64>::min();
}

//! A field of an object without inserting it (null when absent).
inline Json at(const Json &object, const char *key)
{
    return object.is_object() && object.contains(key) ? object.at(key) : Json();
}

//! A reply or a null Json (so that field checks fail readably instead of crashing).
inline Json reply(std::optional<Json> frame)
{
    return frame.value_or(Json());
}

//! Empty when `frame` has this type (and error code), else a description for QFAIL.
inline std::string mismatch(const Json &frame, const std::string &type,
                            const std::string &code = {})
{
    const bool ok = at(frame, "type") == type && (code.empty() || at(frame, "code") == code);
    if (ok)
        return {};
    const std::string want = code.empty() ? type : type + "/" + code;
    return "expected " + want + ", got " +
           (frame.is_null() ? "no reply" : frame.dump().substr(0, 600));
}

//! EXPECT_FRAME(frame, type) or EXPECT_FRAME(frame, type, code): fails the current test,
//! showing the frame, unless `frame` is of this type (and, for an error, has this code).
//! A macro because QFAIL must return from the test function itself.
#define EXPECT_FRAME(frame, ...)                                                                   \
    do {                                                                                           \
        const std::string why_ = ::roomcast::test::mismatch((frame), __VA_ARGS__);                 \
        if (!why_.empty())                                                                         \
            QFAIL(why_.c_str());                                                                   \
    } while (false)

//! The `seq` of each message of an array, in order.
inline QList<qint64> seqsOf(const Json &messages)
{
    QList<qint64> seqs;
    if (messages.is_array())
        for (const Json &m : messages)
            seqs.append(num(at(m, "seq")));
    return seqs;
}

//! first, first + 1, ..., last (empty when last < first).
inline QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> out;
    for (qint64 i = first; i <= last; ++i)
        out.append(i);
    return out;
}

//! True for a UTC timestamp with milliseconds as the protocol writes it.
inline bool isTimestamp(const Json &value)
{
    static const QRegularExpression rfc3339(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"));
    return value.is_string() && rfc3339.match(str(value)).hasMatch();
}

//! The display name the tests give a user: "alice" is "Alice".
inline std::string displayName(const std::string &user)
{
    std::string name = user;
    if (!name.empty())
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

//! A request round trip that must be answered after everything the server sent before it:
//! once it returns true, every frame sent earlier is queued on `c`.
inline bool roundTrip(TestClient &c, int timeoutMs = 5000)
{
    const Json pong = reply(c.request({{"type", "ping"}}, timeoutMs));
    return at(pong, "type") == "pong";
}

} // namespace roomcast::test
