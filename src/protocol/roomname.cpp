#include "roomname.h"

#include <cstddef>
#include <vector>

namespace roomcast::protocol {

namespace {

bool isAsciiAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isRoomChar(char c)
{
    return isAsciiAlnum(c) || c == '_' || c == '.' || c == ':' || c == '-';
}

template <typename Pred> bool allOf(std::string_view text, std::size_t maxLength, Pred pred)
{
    if (text.empty() || text.size() > maxLength)
        return false;
    for (char c : text) {
        if (!pred(c))
            return false;
    }
    return true;
}

// Leftmost occurrence of `needle` in `hay` at or after `from` (Knuth-Morris-Pratt), so a
// glob match costs O(pattern + room) whatever the input.
std::size_t findKmp(std::string_view hay, std::string_view needle, std::size_t from)
{
    if (needle.empty())
        return from;
    std::vector<std::size_t> fail(needle.size(), 0);
    for (std::size_t i = 1, k = 0; i < needle.size(); ++i) {
        while (k > 0 && needle[i] != needle[k])
            k = fail[k - 1];
        if (needle[i] == needle[k])
            ++k;
        fail[i] = k;
    }
    for (std::size_t i = from, k = 0; i < hay.size(); ++i) {
        while (k > 0 && hay[i] != needle[k])
            k = fail[k - 1];
        if (hay[i] == needle[k])
            ++k;
        if (k == needle.size())
            return i + 1 - k;
    }
    return std::string_view::npos;
}

} // namespace

bool isValidRoomName(std::string_view room)
{
    return allOf(room, 64, isRoomChar);
}

bool isValidRoomPattern(std::string_view pattern)
{
    return allOf(pattern, 64, [](char c) { return isRoomChar(c) || c == '*'; });
}

bool roomMatches(std::string_view pattern, std::string_view room)
{
    const std::size_t firstStar = pattern.find('*');
    if (firstStar == std::string_view::npos)
        return pattern == room;

    // With only `*` wildcards, matching each literal segment at its leftmost possible place
    // is optimal: the first segment is a prefix, the last a suffix, the middle ones in order.
    const std::string_view head = pattern.substr(0, firstStar);
    const std::size_t lastStar = pattern.rfind('*');
    const std::string_view tail = pattern.substr(lastStar + 1);
    if (room.size() < head.size() + tail.size())
        return false;
    if (room.substr(0, head.size()) != head || room.substr(room.size() - tail.size()) != tail)
        return false;

    const std::string_view middleRoom = room.substr(0, room.size() - tail.size());
    std::size_t pos = head.size();
    std::size_t segStart = firstStar + 1;
    while (segStart <= lastStar) {
        const std::size_t segEnd = pattern.find('*', segStart);
        const std::string_view segment = pattern.substr(segStart, segEnd - segStart);
        if (!segment.empty()) {
            const std::size_t found = findKmp(middleRoom, segment, pos);
            if (found == std::string_view::npos)
                return false;
            pos = found + segment.size();
        }
        segStart = segEnd + 1;
    }
    return true;
}

bool roomAllowed(const std::optional<std::vector<std::string>> &patterns, std::string_view room)
{
    if (!isValidRoomName(room))
        return false;
    if (!patterns)
        return true;
    for (const std::string &pattern : *patterns) {
        if (roomMatches(pattern, room))
            return true;
    }
    return false;
}

bool isValidUserId(std::string_view id)
{
    return allOf(id, 64, [](char c) {
        return isAsciiAlnum(c) || c == '_' || c == '.' || c == '@' || c == '-';
    });
}

bool isValidKind(std::string_view kind)
{
    return allOf(kind, 32, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

} // namespace roomcast::protocol
