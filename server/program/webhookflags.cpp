#include "program/webhookflags.h"

#include "protocol/roomname.h"

#include <QFile>
#include <QUrl>

namespace roomcast::server {

namespace {
protocol::Error flagError(const QString &message)
{
    return protocol::Error{protocol::ErrorCode::BadRequest, {}, message.toStdString()};
}
} // namespace

protocol::Expected<std::vector<WebhookTarget>> parseWebhooks(const QStringList &values)
{
    std::vector<WebhookTarget> targets;
    for (const QString &value : values) {
        const qsizetype eq = value.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return flagError(QStringLiteral("--webhook: expected PATTERN=URL (e.g. "
                                            "alerts,deploy-*=https://example.com/hook), got '%1'")
                                 .arg(value));
        WebhookTarget target;
        for (const QString &pattern : value.left(eq).split(QLatin1Char(','))) {
            const std::string p = pattern.trimmed().toStdString();
            if (!protocol::isValidRoomPattern(p))
                return flagError(QStringLiteral("--webhook: '%1' is not a room pattern "
                                                "(1-64 characters of [A-Za-z0-9_.:-] and *)")
                                     .arg(pattern));
            target.patterns.push_back(p);
        }
        const QUrl url(value.mid(eq + 1), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return flagError(QStringLiteral("--webhook: '%1' is not an http:// or https:// URL")
                                 .arg(value.mid(eq + 1)));
        target.url = url.toString();
        targets.push_back(std::move(target));
    }
    return targets;
}

protocol::Expected<QByteArray> readWebhookSecret(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return flagError(QStringLiteral("--webhook-secret-file: cannot read %1: %2")
                             .arg(path, file.errorString()));
    const QByteArray secret = file.readAll().trimmed();
    if (secret.isEmpty())
        return flagError(QStringLiteral("--webhook-secret-file: %1 is empty").arg(path));
    return secret;
}

} // namespace roomcast::server
