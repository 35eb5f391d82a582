#include "program/greeting.h"

#include "logging.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace roomcast::server {

QString greetingFor(const QTime &localTime, const QString &name)
{
    const int hour = localTime.hour();
    const QString who = name.isEmpty() ? QStringLiteral("there") : name;
    if (hour >= 5 && hour < 12)
        return QStringLiteral("Good morning, %1!").arg(who);
    if (hour >= 12 && hour < 18)
        return QStringLiteral("Good afternoon, %1!").arg(who);
    if (hour >= 18 && hour < 23)
        return QStringLiteral("Good evening, %1!").arg(who);
    return QStringLiteral("Hello %1, up late?").arg(who);
}

GreetingLog::GreetingLog(QString path) : m_path(std::move(path))
{
    if (m_path.isEmpty())
        return;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return; // first run
    const QJsonObject greeted = QJsonDocument::fromJson(file.readAll()).object();
    for (auto it = greeted.begin(); it != greeted.end(); ++it) {
        const QDate day = QDate::fromString(it.value().toString(), Qt::ISODate);
        if (day.isValid())
            m_lastGreeted.insert(it.key(), day);
    }
}

bool GreetingLog::greetToday(const QString &userId, const QDate &day)
{
    auto it = m_lastGreeted.find(userId);
    if (it != m_lastGreeted.end() && *it == day)
        return false;
    m_lastGreeted.insert(userId, day);
    save();
    return true;
}

void GreetingLog::save() const
{
    if (m_path.isEmpty())
        return;
    QJsonObject greeted;
    for (auto it = m_lastGreeted.cbegin(); it != m_lastGreeted.cend(); ++it)
        greeted.insert(it.key(), it.value().toString(Qt::ISODate));
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(greeted).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        qCWarning(lcServer) << "demo: cannot save" << m_path << file.errorString();
}

} // namespace roomcast::server
