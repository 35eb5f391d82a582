#pragma once

// The field readers of decodeServerFrame (serverdecoder.cpp), shared with serverfields.cpp
// where they are defined. Not part of the library's interface.

#include "codec.h"
#include "frames.h"
#include "jsonfields.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace roomcast::protocol::detail::serverframe {

constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

std::int64_t int64(FieldReader &f, std::string_view key);
int int32(FieldReader &f, std::string_view key);
//! An RFC 3339 timestamp as milliseconds since the epoch.
std::int64_t timestamp(FieldReader &f, std::string_view key);
Json requestId(FieldReader &f);
UserRef userObject(const Json &object, std::string path, FieldReader &parent);
UserRef user(FieldReader &f, std::string_view key);
Message messageObject(const Json &object, std::string path, FieldReader &parent);
std::vector<UserRef> users(FieldReader &f, std::string_view key);
std::vector<Message> messages(FieldReader &f, std::string_view key);

// An array of objects, each read by `read(object, path, parent)`; paths look like "users[2]".
template <typename T, typename Read>
std::vector<T> list(FieldReader &f, std::string_view key, Read read)
{
    std::vector<T> result;
    const Json *items = f.array(key);
    for (std::size_t i = 0; items && f.ok() && i < items->size(); ++i) {
        const std::string path = f.path(key) + '[' + std::to_string(i) + ']';
        const Json &item = (*items)[i];
        if (!item.is_object())
            f.fail(badRequest(path, "must be an object"));
        else
            result.push_back(read(item, path, f));
    }
    return result;
}

} // namespace roomcast::protocol::detail::serverframe
