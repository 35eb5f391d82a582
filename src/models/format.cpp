#include "format.h"

#include <QCoreApplication>

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace roomcast::models::format {

QString timeText(std::int64_t msSinceEpoch, std::int64_t nowMs)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    if (when.date() == now.date())
        return when.toString(QStringLiteral("HH:mm"));
    return QLocale::c().toString(when, QStringLiteral("d MMM HH:mm"));
}

QString kindName(const std::string &kind)
{
    if (kind == "chat" || kind == "notification" || kind == "metric")
        return QString::fromStdString(kind);
    return QCoreApplication::translate("Format", "unknown");
}

QString prettyJson(const protocol::Json &value)
{
    return QString::fromStdString(
        value.dump(2, ' ', false, protocol::Json::error_handler_t::replace));
}

QString metricValueText(double value, const QString &unit)
{
    QString number;
    if (!std::isfinite(value))
        number = QStringLiteral("–");
    else if (std::abs(value - std::round(value)) < 0.05 || std::abs(value) >= 1000)
        number = QString::number(std::llround(value));
    else
        number = QString::number(value, 'f', 1);
    return unit.isEmpty() ? number : number + QLatin1Char(' ') + unit;
}

QString bodyString(const protocol::Json &body, const char *field)
{
    if (!body.is_object())
        return {};
    auto it = body.find(field);
    if (it == body.end() || !it->is_string())
        return {};
    return QString::fromStdString(it->get<std::string>());
}

QString displayName(const protocol::UserRef &user)
{
    return QString::fromStdString(user.name.empty() ? user.id : user.name);
}

QString summaryText(const protocol::Message &message)
{
    const QString text = bodyString(message.body, "text");
    const QString title = bodyString(message.body, "title");
    if (message.kind == "metric") {
        const auto value = message.body.find("value");
        const double v =
            value != message.body.end() && value->is_number() ? value->get<double>() : 0;
        return bodyString(message.body, "name") + QLatin1Char(' ') +
               metricValueText(v, bodyString(message.body, "unit"));
    }
    if (!title.isEmpty() && !text.isEmpty())
        return title + QStringLiteral(": ") + text;
    if (!title.isEmpty() || !text.isEmpty())
        return title + text;
    return QString::fromStdString(message.kind);
}

QString typingText(const QStringList &names)
{
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return QCoreApplication::translate("Format", "%1 is typing…").arg(names.at(0));
    case 2:
        return QCoreApplication::translate("Format", "%1 and %2 are typing…")
            .arg(names.at(0), names.at(1));
    default:
        return QCoreApplication::translate("Format", "Several people are typing…");
    }
}

QString expiryText(std::int64_t expSecs, std::int64_t nowMs)
{
    if (expSecs <= 0)
        return QCoreApplication::translate("Format", "unknown");
    const std::int64_t leftS = expSecs - nowMs / 1000;
    const std::int64_t absS = leftS < 0 ? -leftS : leftS;
    QString span;
    if (absS < 60)
        span = QCoreApplication::translate("Format", "%1 s").arg(absS);
    else if (absS < 3600)
        span = QCoreApplication::translate("Format", "%1 min").arg(absS / 60);
    else
        span = QCoreApplication::translate("Format", "%1 h %2 min")
                   .arg(absS / 3600)
                   .arg((absS % 3600) / 60);
    return leftS >= 0 ? QCoreApplication::translate("Format", "in %1").arg(span)
                      : QCoreApplication::translate("Format", "expired %1 ago").arg(span);
}

} // namespace roomcast::models::format
