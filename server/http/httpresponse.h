#pragma once

#include <QByteArray>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace roomcast::server::http {

//! One answer. Every answer carries Content-Type, Content-Length and `Connection: close`:
//! one request per connection keeps the reader simple and its limits exact.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    std::vector<std::pair<QByteArray, QByteArray>> headers; //!< extra: Allow, Retry-After, ...

    //! The bytes on the wire; `headOnly` for HEAD (same headers, no body).
    QByteArray serialize(bool headOnly = false) const;

    static HttpResponse json(int status, const nlohmann::json &body);
    //! `{"code":..,"message":..}`, the shape of every error answer.
    static HttpResponse error(int status, const std::string &code, const std::string &message);
};

//! "Not Found" for 404, ...; "Unknown" for a status without a phrase here.
const char *reasonPhrase(int status);

} // namespace roomcast::server::http
