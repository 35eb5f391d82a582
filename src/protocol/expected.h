#pragma once

#include "errorcode.h"

#include <string>
#include <utility>
#include <variant>

namespace roomcast::protocol {

//! An error as a value: which code, which field (dotted path, may be empty) and a
//! human sentence that already names the field ("body.text: must be a string").
struct Error
{
    ErrorCode code = ErrorCode::BadRequest;
    std::string field;
    std::string message;
};

//! Either a value or an Error. Errors are values at every boundary: nothing throws.
template<typename T>
class Expected
{
public:
    Expected(T value) : m_v(std::move(value)) {}
    Expected(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_v); }
    T &value() & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

//! Builds a bad_request Error whose message is "<field>: <what>".
inline Error badRequest(std::string field, const std::string &what)
{
    std::string message = field.empty() ? what : field + ": " + what;
    return Error{ErrorCode::BadRequest, std::move(field), std::move(message)};
}

} // namespace roomcast::protocol
