// Validation shared by the decoder, the HTTP route and the store (declared in codec.h).

#include "codec.h"
#include "jsonfields.h"
#include "roomname.h"

#include <string_view>

namespace roomcast::protocol {

namespace {

using detail::codePointCount;
using detail::FieldReader;

bool lengthWithin(const std::string &text, std::size_t min, std::size_t max)
{
    const std::size_t n = codePointCount(text);
    return n >= min && n <= max;
}

// Body fields are stored and delivered verbatim, so an explicit null is a wrong type here
// (not "absent"): receivers may rely on the documented types.
void validateChat(FieldReader &body)
{
    const std::string text = body.string("text");
    if (body.ok() && !lengthWithin(text, 1, 4000))
        body.fail("text", "must be 1-4000 characters");
}

void validateNotification(FieldReader &body)
{
    const std::string title = body.string("title");
    if (body.ok() && !lengthWithin(title, 1, 200))
        body.fail("title", "must be 1-200 characters");
    body.optionalString("text");
    if (const auto level = body.optionalString("level")) {
        if (body.ok() && *level != "info" && *level != "success" && *level != "warning" &&
            *level != "error")
            body.fail("level", "must be one of info, success, warning, error");
    }
    body.optionalString("url");
}

void validateMetric(FieldReader &body)
{
    const std::string name = body.string("name");
    if (body.ok() && !lengthWithin(name, 1, 64))
        body.fail("name", "must be 1-64 characters");
    if (body.ok()) {
        const Json *value = body.find("value");
        if (!value || !value->is_number())
            body.fail("value", "must be a number");
    }
    body.optionalString("unit");
}

} // namespace

Expected<bool> validateKindAndBody(const std::string &kind, const Json &body)
{
    if (!isValidKind(kind))
        return badRequest("kind", "must be 1-32 characters of [a-z0-9_.-]");
    if (!body.is_object())
        return badRequest("body", "must be an object");

    FieldReader reader(body, "body", /*nullIsAbsent=*/false);
    if (kind == "chat")
        validateChat(reader);
    else if (kind == "notification")
        validateNotification(reader);
    else if (kind == "metric")
        validateMetric(reader);
    if (!reader.ok())
        return reader.takeError();
    return true;
}

Expected<bool> validateRequestId(const Json &id)
{
    // Null is how a Request says "no id"; the decoder refuses an explicit `"id": null`.
    if (id.is_null() || id.is_number_integer())
        return true;
    if (id.is_string() && codePointCount(id.get_ref<const std::string &>()) <= 64)
        return true;
    return badRequest("id", "must be an integer or a string of at most 64 characters");
}

} // namespace roomcast::protocol
