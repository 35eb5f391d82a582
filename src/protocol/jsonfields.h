#pragma once

// Private to roomcast_protocol: typed, exception-free access to the fields of a parsed
// JSON object, with error messages that name the field ("body.text: must be a string").

#include "codec.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roomcast::protocol::detail {

//! Number of Unicode code points of valid UTF-8 (what the protocol calls "characters").
std::size_t codePointCount(std::string_view utf8);

//! The value as int64 when it is a JSON integer that fits; floats never qualify.
std::optional<std::int64_t> toInt64(const Json &value);

//! Size and nesting depth, checked on the raw text before any parsing.
std::optional<Error> checkFrameLimits(std::string_view text, const DecodeLimits &limits);

//! Parses without exceptions; a discarded value when `text` is not JSON.
Json parseJson(std::string_view text);

//! Reads typed fields of one JSON object and remembers the first error. Once an error is
//! recorded every further read is a no-op returning a default, so decoders read all their
//! fields straight through and check ok() once.
class FieldReader
{
public:
    //! `prefix` is the dotted path of the object itself ("" for a frame, "body" for a body).
    //! With `nullIsAbsent`, an explicit `null` is treated as if the field were missing.
    FieldReader(const Json &object, std::string prefix, bool nullIsAbsent);

    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }
    Error takeError() { return std::move(*m_error); }

    //! Records "<path>: <what>" unless an error is already recorded.
    void fail(std::string_view key, const std::string &what);
    //! Records an error found by a nested reader, unless one is already recorded.
    void fail(Error error);
    std::string path(std::string_view key) const;

    //! The field, or nullptr when absent (or null, with nullIsAbsent).
    const Json *find(std::string_view key) const;
    bool has(std::string_view key) const { return find(key) != nullptr; }

    std::string string(std::string_view key);
    std::optional<std::string> optionalString(std::string_view key);
    //! An integer within [min, max]; `what` is the message for a wrong type or range.
    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max,
                         const std::string &what);
    std::optional<std::int64_t> optionalInteger(std::string_view key, std::int64_t min,
                                                std::int64_t max, const std::string &what);
    bool boolean(std::string_view key);
    //! The field if it is an object (else an error and nullptr).
    const Json *object(std::string_view key);
    const Json *array(std::string_view key);

    //! A string that must satisfy `valid`, else "<path>: <what>".
    template <typename Pred>
    std::string checkedString(std::string_view key, Pred valid, const std::string &what)
    {
        std::string value = string(key);
        if (ok() && !valid(value))
            fail(key, what);
        return value;
    }

private:
    const Json &m_object;
    std::string m_prefix;
    bool m_nullIsAbsent;
    std::optional<Error> m_error;
};

} // namespace roomcast::protocol::detail
