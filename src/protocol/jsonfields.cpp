#include "jsonfields.h"

#include <limits>

namespace roomcast::protocol::detail {

std::size_t codePointCount(std::string_view utf8)
{
    std::size_t count = 0;
    for (char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

std::optional<std::int64_t> toInt64(const Json &value)
{
    if (const auto *u = value.get_ptr<const Json::number_unsigned_t *>()) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(*u);
    }
    if (const auto *i = value.get_ptr<const Json::number_integer_t *>())
        return *i;
    return std::nullopt;
}

std::optional<Error> checkFrameLimits(std::string_view text, const DecodeLimits &limits)
{
    if (text.size() > limits.maxBytes)
        return badRequest({}, "frame too large");
    // Bracket depth outside strings; the parser would build (and later tear down) every
    // level, so hostile nesting is refused before it gets there.
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limits.maxDepth)
                return badRequest({}, "nesting too deep");
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

Json parseJson(std::string_view text)
{
    // nlohmann's lexer takes a NUL byte for the end of input, so `{...}\0junk` would parse
    // as the object alone; a raw NUL is never valid JSON (RFC 8259: not whitespace, and
    // control characters must be escaped inside strings).
    if (text.find('\0') != std::string_view::npos)
        return Json(Json::value_t::discarded);
    return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

FieldReader::FieldReader(const Json &object, std::string prefix, bool nullIsAbsent)
    : m_object(object), m_prefix(std::move(prefix)), m_nullIsAbsent(nullIsAbsent)
{}

void FieldReader::fail(std::string_view key, const std::string &what)
{
    if (!m_error)
        m_error = badRequest(path(key), what);
}

void FieldReader::fail(Error error)
{
    if (!m_error)
        m_error = std::move(error);
}

std::string FieldReader::path(std::string_view key) const
{
    if (m_prefix.empty())
        return std::string(key);
    std::string result = m_prefix;
    result += '.';
    result += key;
    return result;
}

const Json *FieldReader::find(std::string_view key) const
{
    if (!m_object.is_object())
        return nullptr;
    const auto it = m_object.find(key);
    if (it == m_object.end() || (m_nullIsAbsent && it->is_null()))
        return nullptr;
    return &*it;
}

std::string FieldReader::string(std::string_view key)
{
    if (!ok())
        return {};
    const Json *value = find(key);
    if (!value || !value->is_string()) {
        fail(key, "must be a string");
        return {};
    }
    return value->get_ref<const std::string &>();
}

std::optional<std::string> FieldReader::optionalString(std::string_view key)
{
    if (!ok() || !has(key))
        return std::nullopt;
    return string(key);
}

std::int64_t FieldReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                  const std::string &what)
{
    if (!ok())
        return min;
    const Json *value = find(key);
    const std::optional<std::int64_t> number = value ? toInt64(*value) : std::nullopt;
    if (!number || *number < min || *number > max) {
        fail(key, what);
        return min;
    }
    return *number;
}

std::optional<std::int64_t> FieldReader::optionalInteger(std::string_view key, std::int64_t min,
                                                         std::int64_t max, const std::string &what)
{
    if (!ok() || !has(key))
        return std::nullopt;
    return integer(key, min, max, what);
}

bool FieldReader::boolean(std::string_view key)
{
    if (!ok())
        return false;
    const Json *value = find(key);
    if (!value || !value->is_boolean()) {
        fail(key, "must be a boolean");
        return false;
    }
    return value->get<bool>();
}

const Json *FieldReader::object(std::string_view key)
{
    if (!ok())
        return nullptr;
    const Json *value = find(key);
    if (!value || !value->is_object()) {
        fail(key, "must be an object");
        return nullptr;
    }
    return value;
}

const Json *FieldReader::array(std::string_view key)
{
    if (!ok())
        return nullptr;
    const Json *value = find(key);
    if (!value || !value->is_array()) {
        fail(key, "must be an array");
        return nullptr;
    }
    return value;
}

} // namespace roomcast::protocol::detail
