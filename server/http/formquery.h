#pragma once

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace roomcast::server::http {

//! The request target's query as form fields (`?q=a+b&limit=5`): `+` is a space and every
//! value is percent-decoded as UTF-8.
QUrlQuery formQuery(const QByteArray &target);
//! One field of it, nullopt when absent.
std::optional<QString> formField(const QUrlQuery &query, const QString &name);

} // namespace roomcast::server::http
