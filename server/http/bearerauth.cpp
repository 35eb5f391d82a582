#include "bearerauth.h"

#include "node/node.h"

namespace roomcast::server::http {

namespace {

//! The token of `Authorization: Bearer <token>`, or empty.
std::string bearerToken(const HttpRequest &request)
{
    const QByteArray value = request.header("authorization").value_or(QByteArray());
    const qsizetype space = value.indexOf(' ');
    if (space <= 0 || value.left(space).toLower() != "bearer")
        return {};
    return value.mid(space + 1).trimmed().toStdString();
}

} // namespace

std::string callerToken(const HttpRequest &request, const QByteArray &queryToken)
{
    std::string token = bearerToken(request);
    return token.empty() ? queryToken.toStdString() : token;
}

std::variant<protocol::Claims, HttpResponse> authorize(const HttpRequest &request, Node &node,
                                                       const QByteArray &queryToken)
{
    const std::string token = callerToken(request, queryToken);
    const QByteArray &secret = node.config().secret;
    auto claims = protocol::verifyToken(
        token, std::string_view(secret.constData(), static_cast<std::size_t>(secret.size())),
        node.clock().wall() / 1000, node.config().tokenLeewaySecs);
    if (!token.empty() && claims)
        return std::move(claims).value();
    node.metrics().error(protocol::toString(protocol::ErrorCode::Unauthorized));
    HttpResponse r = HttpResponse::error(401, "unauthorized",
                                         token.empty() ? "Authorization: a Bearer token is required"
                                                       : claims.error().message);
    r.headers.emplace_back(QByteArrayLiteral("WWW-Authenticate"),
                           token.empty() ? QByteArrayLiteral("Bearer realm=\"roomcast\"")
                                         : QByteArrayLiteral("Bearer realm=\"roomcast\", "
                                                             "error=\"invalid_token\""));
    return r;
}

} // namespace roomcast::server::http
