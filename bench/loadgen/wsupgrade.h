#pragma once

// The client's side of the WebSocket opening handshake (RFC 6455 section 4.1): where to
// connect, the upgrade request (a fixed, valid Sec-WebSocket-Key), and the check of the
// server's answer (101 and the matching Sec-WebSocket-Accept).

#include <netinet/in.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace roomcast::loadgen {

struct Target
{
    sockaddr_in addr{};
    std::string hostPort; // for the Host header
    std::string path;
};

//! Parses `ws://IPv4:PORT/path`; false when it is not of that form.
bool parseWsUrl(const std::string &url, Target &target);

std::string upgradeRequest(const Target &target);

enum class UpgradeStatus { Done, NeedMore, Refused };

//! Checks the answer at the front of `in`. Done: `headSize` bytes were the HTTP head (what
//! follows are frames); Refused: `error` says why.
UpgradeStatus checkUpgradeAnswer(std::string_view in, std::size_t &headSize, std::string &error);

} // namespace roomcast::loadgen
