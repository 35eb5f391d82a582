// Shared by the connection tests (tst_connection, tst_connectiontoken): a node with short
// heartbeat and drain times, and what the tests read off a Connection.
#pragma once

#include "client/connection.h"

#include "serverfixture.h"

#include <QSignalSpy>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace roomcast::test::connectiontest {

using client::Connection;

inline constexpr int kIntervalMs = 200;
inline constexpr int kTimeoutMs = 200;
inline constexpr int kDrainWindowMs = 300;

//! Not started yet.
inline std::unique_ptr<ServerFixture> connectionNode()
{
    auto fx = std::make_unique<ServerFixture>();
    fx->config.heartbeatIntervalMs = kIntervalMs;
    fx->config.heartbeatTimeoutMs = kTimeoutMs;
    fx->config.drainWindowMs = kDrainWindowMs;
    return fx;
}

//! The `exp` claim of a JWT, read from its payload.
inline std::int64_t expOf(const std::string &token)
{
    const QList<QByteArray> parts = QByteArray::fromStdString(token).split('.');
    const QByteArray payload = QByteArray::fromBase64(
        parts.value(1), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const auto claims =
        nlohmann::json::parse(payload.constBegin(), payload.constEnd(), nullptr, false);
    return claims.is_object() ? claims.value("exp", std::int64_t(-1)) : -1;
}

inline Connection::Options options(const QUrl &url, const std::string &token,
                                   client::Backoff::Policy policy = {50, 200})
{
    Connection::Options o;
    o.url = url;
    o.token = QString::fromStdString(token);
    o.backoff = policy;
    return o;
}

//! The frames of one type a spy on frameReceived has seen.
template <typename T> std::vector<T> framesOf(const QSignalSpy &spy)
{
    std::vector<T> result;
    for (const QList<QVariant> &args : spy) {
        const auto frame = args.at(0).value<protocol::ServerFrame>();
        if (const T *typed = std::get_if<T>(&frame))
            result.push_back(*typed);
    }
    return result;
}

} // namespace roomcast::test::connectiontest
