#include "wsupgrade.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace roomcast::loadgen {

namespace {

// RFC 6455 section 1.3's example key and its accept value.
constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::string_view kAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

} // namespace

bool parseWsUrl(const std::string &url, Target &target)
{
    constexpr std::string_view scheme = "ws://";
    if (url.compare(0, scheme.size(), scheme) != 0)
        return false;
    const std::size_t slash = url.find('/', scheme.size());
    target.hostPort = url.substr(scheme.size(), slash - scheme.size());
    target.path = slash == std::string::npos ? "/" : url.substr(slash);
    const std::size_t colon = target.hostPort.rfind(':');
    if (colon == std::string::npos)
        return false;
    const std::string host = target.hostPort.substr(0, colon);
    const int port = std::atoi(target.hostPort.c_str() + colon + 1);
    target.addr.sin_family = AF_INET;
    target.addr.sin_port = htons(std::uint16_t(port));
    return port > 0 && port < 65536 && inet_pton(AF_INET, host.c_str(), &target.addr.sin_addr) == 1;
}

std::string upgradeRequest(const Target &target)
{
    std::string head = "GET " + target.path + " HTTP/1.1\r\nHost: " + target.hostPort +
                       "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
    head.append(kKey);
    head.append("\r\nSec-WebSocket-Version: 13\r\n\r\n");
    return head;
}

UpgradeStatus checkUpgradeAnswer(std::string_view in, std::size_t &headSize, std::string &error)
{
    const std::size_t end = in.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (in.size() <= 16384)
            return UpgradeStatus::NeedMore;
        error = "upgrade answer over 16 KiB";
        return UpgradeStatus::Refused;
    }
    const std::string head(in.substr(0, end + 2));
    if (head.compare(0, 13, "HTTP/1.1 101 ") != 0) {
        error = "upgrade refused: " + head.substr(0, head.find("\r\n"));
        return UpgradeStatus::Refused;
    }
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    constexpr std::string_view name = "\r\nsec-websocket-accept:";
    const std::size_t at = lower.find(name);
    std::string accept;
    if (at != std::string::npos) {
        const std::size_t from = at + name.size();
        accept = head.substr(from, head.find("\r\n", from) - from);
        accept.erase(0, accept.find_first_not_of(" \t"));
        accept.erase(accept.find_last_not_of(" \t") + 1);
    }
    if (accept != kAccept) {
        error = "bad Sec-WebSocket-Accept: '" + accept + "'";
        return UpgradeStatus::Refused;
    }
    headSize = end + 4;
    return UpgradeStatus::Done;
}

} // namespace roomcast::loadgen
