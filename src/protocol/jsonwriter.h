#pragma once

// Private to roomcast_protocol: a compact JSON writer that keeps keys in the order they
// are written ("type" first, as in PROTOCOL.md) and can splice already-encoded JSON.

#include "frames.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace roomcast::protocol::detail {

//! Appends `text` as a JSON string; invalid UTF-8 becomes U+FFFD instead of failing.
void appendJsonString(std::string &out, std::string_view text);

//! Any JSON value, compact, invalid UTF-8 replaced; never throws.
std::string dumpJson(const Json &value);

class JsonWriter
{
public:
    JsonWriter() { m_out.reserve(256); }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    //! Starts a member; the next value call writes its value.
    void key(std::string_view name);

    void str(std::string_view value);
    void num(std::int64_t value);
    void boolean(bool value);
    void json(const Json &value) { raw(dumpJson(value)); }
    //! Already-encoded JSON, written as is.
    void raw(std::string_view encoded);

    void str(std::string_view name, std::string_view value)
    {
        key(name);
        str(value);
    }
    void num(std::string_view name, std::int64_t value)
    {
        key(name);
        num(value);
    }
    void boolean(std::string_view name, bool value)
    {
        key(name);
        boolean(value);
    }
    //! `"id":..` unless the id is null (PROTOCOL.md: a request without id, a reply without).
    void id(const Json &value);
    //! `{"id":..,"name":..}`
    void user(std::string_view name, const UserRef &user);

    std::string take() { return std::move(m_out); }

private:
    void separate();
    void open(char bracket);
    void close(char bracket);

    std::string m_out;
    bool m_needComma = false;
};

} // namespace roomcast::protocol::detail
