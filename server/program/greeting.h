#pragma once

#include <QDate>
#include <QHash>
#include <QString>
#include <QTime>

namespace roomcast::server {

//! The demo bot's greeting for someone joining at `localTime`: "Good morning, Ada!" from 5
//! to 11, afternoon to 17, evening to 22, and a night owl's hello otherwise.
QString greetingFor(const QTime &localTime, const QString &name);

//! Who was greeted on which local day, kept in a JSON file (the node's data directory), so
//! that the bot greets each user once a day, server restarts included.
class GreetingLog
{
public:
    //! An empty path keeps the log in memory only.
    explicit GreetingLog(QString path);

    //! True the first time `userId` is seen on `day` (and records it); false after that.
    bool greetToday(const QString &userId, const QDate &day);

private:
    void save() const;

    QString m_path;
    QHash<QString, QDate> m_lastGreeted;
};

} // namespace roomcast::server
