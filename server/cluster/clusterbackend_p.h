#pragma once
// Internal to server/cluster: the constants, key names and reply helpers the ClusterBackend
// sources share. Not part of any interface.

#include "redisclient.h"

#include "protocol/errorcode.h"
#include "protocol/expected.h"
#include "protocol/frames.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace roomcast::server::clusterdetail {

using protocol::ErrorCode;

inline constexpr int kMaxRecovery = 500; //!< PROTOCOL.md 9: recovery returns up to 500 messages
inline constexpr int kFillBatch = 500;   //!< stream entries read per gap-filling round trip
inline constexpr std::int64_t kIdleUnsubscribeMs =
    30000;                           //!< a room nobody here watches, unsubscribed
inline constexpr int kRetryMs = 500; //!< after an error reply (-LOADING, -BUSY...): try again

inline std::string randomHex(int chars)
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < chars; ++i)
        out.push_back(digits[rng() % 16]);
    return out;
}

inline std::string roomKey(const char *kind, const std::string &room)
{
    return std::string("rc:") + kind + ":" + room;
}

inline protocol::Error lostError()
{
    return protocol::Error{ErrorCode::Unavailable, "",
                           "the cluster bus (Redis) is unavailable; retry later"};
}

//! A reply that is not what a script returns: the outcome is unknown.
inline protocol::Error badReply(const RedisValue *reply)
{
    if (!reply)
        return lostError();
    return protocol::Error{
        ErrorCode::Unavailable, "",
        "the cluster bus (Redis) answered: " +
            (reply->isError() ? reply->str : std::string("an unexpected reply"))};
}

inline std::int64_t seqOfStreamId(const std::string &id)
{
    return std::strtoll(id.c_str(), nullptr, 10); // "<seq>-0"
}

inline std::vector<std::string> strings(const RedisValue &array)
{
    std::vector<std::string> out;
    out.reserve(array.elements.size());
    for (const RedisValue &v : array.elements)
        out.push_back(v.str);
    return out;
}

inline std::vector<protocol::UserRef> users(const RedisValue &array)
{
    std::vector<protocol::UserRef> out;
    for (const RedisValue &v : array.elements) {
        const auto json = nlohmann::json::parse(v.str, nullptr, false);
        if (json.is_object() && json.contains("id") && json["id"].is_string())
            out.push_back(protocol::UserRef{json["id"].get<std::string>(),
                                            json.value("name", std::string())});
    }
    sortById(out);
    return out;
}

//! A non-message event on a room channel: `E<len>:<except user><event JSON>`.
inline std::string eventPayload(const std::string &exceptUser, const std::string &json)
{
    return "E" + std::to_string(exceptUser.size()) + ":" + exceptUser + json;
}
} // namespace roomcast::server::clusterdetail
