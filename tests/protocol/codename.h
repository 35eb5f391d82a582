#pragma once

// The wire name of an ErrorCode, for QCOMPARE in the protocol tests.
#include "protocol/codec.h"

#include <QByteArray>

namespace roomcast::test {

// QCOMPARE cannot print an ErrorCode: ADL finds protocol::toString(ErrorCode), which returns
// a string_view, not the char* QTest expects. Compare the wire names instead.
inline QByteArray codeName(protocol::ErrorCode code)
{
    const std::string_view name = protocol::toString(code);
    return QByteArray(name.data(), qsizetype(name.size()));
}

} // namespace roomcast::test
