#include "protocol.h"

#include <nlohmann/json.hpp>

namespace roomcast::loadgen {

using Json = nlohmann::ordered_json;

std::string helloFrame(const std::string &token)
{
    return Json{
        {"type", "hello"}, {"protocol", 1}, {"token", token}, {"client", "roomcast-loadgen/0.1"}}
        .dump();
}

std::string subscribeFrame(std::int64_t id, const std::string &room)
{
    return Json{{"type", "subscribe"}, {"id", id}, {"room", room}}.dump();
}

std::string publishFrame(std::int64_t id, const std::string &room, const std::string &text)
{
    return Json{{"type", "publish"},
                {"id", id},
                {"room", room},
                {"kind", "chat"},
                {"body", Json{{"text", text}}}}
        .dump();
}

std::string_view frameType(std::string_view frame)
{
    constexpr std::string_view head = "{\"type\":\"";
    std::size_t from = 0;
    if (frame.substr(0, head.size()) == head) {
        from = head.size();
    } else {
        constexpr std::string_view key = "\"type\":";
        std::size_t at = frame.find(key);
        if (at == std::string_view::npos)
            return {};
        at += key.size();
        while (at < frame.size() && (frame[at] == ' ' || frame[at] == '\t'))
            ++at;
        if (at >= frame.size() || frame[at] != '"')
            return {};
        from = at + 1;
    }
    const std::size_t end = frame.find('"', from);
    return end == std::string_view::npos ? std::string_view{} : frame.substr(from, end - from);
}

std::optional<std::uint64_t> uintField(std::string_view frame, std::string_view key)
{
    std::size_t at = frame.find(key);
    if (at == std::string_view::npos)
        return std::nullopt;
    at += key.size();
    while (at < frame.size() && frame[at] == ' ')
        ++at;
    const std::size_t start = at;
    std::uint64_t value = 0;
    for (; at < frame.size() && frame[at] >= '0' && frame[at] <= '9'; ++at)
        value = value * 10 + std::uint64_t(frame[at] - '0');
    if (at == start)
        return std::nullopt;
    return value;
}

std::optional<std::uint64_t> subscribedSeq(std::string_view frame)
{
    const Json json = Json::parse(frame, nullptr, false);
    if (!json.is_object() || !json.contains("seq") || !json["seq"].is_number_unsigned())
        return std::nullopt;
    return json["seq"].get<std::uint64_t>();
}

} // namespace roomcast::loadgen
