#include "formquery.h"

namespace roomcast::server::http {

QUrlQuery formQuery(const QByteArray &target)
{
    const qsizetype mark = target.indexOf('?');
    if (mark < 0)
        return {};
    QByteArray query = target.mid(mark + 1);
    query.replace('+', "%20");
    return QUrlQuery(QString::fromLatin1(query));
}

std::optional<QString> formField(const QUrlQuery &query, const QString &name)
{
    if (!query.hasQueryItem(name))
        return std::nullopt;
    // Percent-decoded bytes are UTF-8; QUrlQuery decodes them as such.
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

} // namespace roomcast::server::http
