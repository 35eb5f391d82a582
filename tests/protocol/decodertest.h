#pragma once

// Shared by the decoder tests (tst_decoder, tst_decodermalformed, tst_decoderbodies).
#include "codename.h"
#include "protocol/codec.h"

#include <QtTest>

namespace roomcast::test::decodertest {

using namespace roomcast::protocol;

using roomcast::test::codeName;

inline QByteArray q(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

using Result = std::variant<Request, DecodeFailure>;

inline Result decode(const QByteArray &text, const DecodeLimits &limits = {})
{
    return decodeClientFrame(std::string_view(text.constData(), std::size_t(text.size())), limits);
}

inline QByteArray describe(const Result &result)
{
    if (const auto *failure = std::get_if<DecodeFailure>(&result))
        return "decode failed: " + q(failure->error.message);
    return "decoded: " + q(encode(std::get<Request>(result)));
}

template <typename Frame> inline const Frame *frameOf(const Result &result)
{
    const auto *request = std::get_if<Request>(&result);
    return request ? std::get_if<Frame>(&request->frame) : nullptr;
}

// JSON string literal of `s`. (Test JSON is written without raw strings that hold an odd
// number of quotes: moc 6.4 mis-tokenizes those and then finds no Q_OBJECT class.)
inline QByteArray jstr(const QByteArray &s)
{
    return '"' + s + '"';
}

inline QByteArray repeated(const QByteArray &unit, int count)
{
    return unit.repeated(count);
}

//! The columns of a malformed-frame table, and the messages the decoder gives.
struct MalformedTable
{
    MalformedTable()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("id"); // JSON of DecodeFailure::id
    }
    const QByteArray roomWhat = "room: must be 1-64 characters of [A-Za-z0-9_.:-]";
    const QByteArray limitWhat = "limit: must be an integer from 1 to 500";
    const QByteArray idWhat = "id: must be an integer or a string of at most 64 characters";
    const QByteArray kindWhat = "kind: must be 1-32 characters of [a-z0-9_.-]";
    static QByteArray pub(const QByteArray &kind, const QByteArray &body)
    {
        return QByteArray(R"({"type":"publish","id":7,"room":"g","kind":)" + jstr(kind) +
                          R"(,"body":)" + body + "}");
    }
};

//! One row of such a table: a bad_request naming the field, with the message and id.
inline void checkMalformed()
{
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, id);
    const Result r = decode(frame);
    const auto *failure = std::get_if<DecodeFailure>(&r);
    QVERIFY2(failure, describe(r).constData());
    QCOMPARE(codeName(failure->error.code), codeName(ErrorCode::BadRequest));
    QCOMPARE(q(failure->error.field), field);
    QCOMPARE(q(failure->error.message), message);
    QCOMPARE(failure->id, Json::parse(id.toStdString()));
}

} // namespace roomcast::test::decodertest
