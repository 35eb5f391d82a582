// libFuzzer target: both frame decoders on arbitrary bytes. Beyond "no crash, no UB, no
// exception", it checks that whatever decodes also survives encode -> decode unchanged.

#include "protocol/codec.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

using namespace roomcast::protocol;

namespace {

// Re-encoding may grow a frame (e.g. 1e2 -> 100.0), so only depth is limited on the way back.
const DecodeLimits kRelaxed{std::numeric_limits<std::size_t>::max(), 32};

void checkClientRoundTrip(const Request &request)
{
    const std::string once = encode(request);
    const auto again = decodeClientFrame(once, kRelaxed);
    const auto *back = std::get_if<Request>(&again);
    if (!back || encode(*back) != once)
        std::abort();
}

void checkServerRoundTrip(const ServerFrame &frame)
{
    const std::string once = encode(frame);
    const Expected<ServerFrame> again = decodeServerFrame(once, kRelaxed);
    if (!again || again.value().index() != frame.index() || encode(again.value()) != once)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);

    const auto client = decodeClientFrame(text);
    if (const auto *request = std::get_if<Request>(&client))
        checkClientRoundTrip(*request);
    else if (std::get<DecodeFailure>(client).error.message.empty())
        std::abort(); // every refusal must say why

    const Expected<ServerFrame> server = decodeServerFrame(text);
    if (server)
        checkServerRoundTrip(server.value());
    else if (server.error().message.empty())
        std::abort();
    return 0;
}
