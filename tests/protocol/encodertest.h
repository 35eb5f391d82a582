// Shared by the encoder tests (tst_encoder, tst_encodertext): a message at a fixed time.
#pragma once

#include "protocol/codec.h"

#include <QByteArray>

#include <cstdint>
#include <string>

namespace roomcast::test::encodertest {

using namespace roomcast::protocol;

inline constexpr std::int64_t kTs = 1795867200000; // 2026-11-28T12:00:00.000Z

inline QByteArray q(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

inline Message sampleMessage(std::int64_t seq, std::string clientMsgId = {})
{
    Message m;
    m.room = "general";
    m.seq = seq;
    m.tsMs = kTs;
    m.from = {"alice", "Alice"};
    m.kind = "chat";
    m.body = Json{{"text", "Hello"}};
    m.clientMsgId = std::move(clientMsgId);
    return m;
}

} // namespace roomcast::test::encodertest
