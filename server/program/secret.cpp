#include "program/secret.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <unistd.h>

namespace roomcast::server {

namespace {
protocol::Error secretError(const QString &message)
{
    return protocol::Error{protocol::ErrorCode::Internal, "secret", message.toStdString()};
}

QByteArray stripNewline(QByteArray data)
{
    if (data.endsWith('\n'))
        data.chop(1);
    if (data.endsWith('\r'))
        data.chop(1);
    return data;
}
} // namespace

QString resolveDataDir(const QString &dataDir)
{
    if (!dataDir.isEmpty())
        return dataDir;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

protocol::Expected<QByteArray> resolveSecret(const QString &secretFile, const QString &dataDir)
{
    if (!secretFile.isEmpty()) {
        QFile file(secretFile);
        if (!file.open(QIODevice::ReadOnly))
            return secretError(QStringLiteral("cannot read secret file %1: %2")
                                   .arg(secretFile, file.errorString()));
        const QByteArray secret = stripNewline(file.readAll());
        if (secret.isEmpty())
            return secretError(QStringLiteral("secret file %1 is empty").arg(secretFile));
        return secret;
    }
    const QByteArray env = qgetenv("ROOMCAST_SECRET");
    if (!env.isEmpty())
        return env;

    const QString dir = resolveDataDir(dataDir);
    const QString path = QDir(dir).filePath(QStringLiteral("secret"));
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly))
            return secretError(
                QStringLiteral("cannot read secret %1: %2").arg(path, existing.errorString()));
        const QByteArray secret = stripNewline(existing.readAll());
        if (secret.isEmpty())
            return secretError(QStringLiteral("secret %1 is empty").arg(path));
        return secret;
    }
    if (!QDir().mkpath(dir))
        return secretError(QStringLiteral("cannot create data directory %1").arg(dir));
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    const QByteArray secret = raw.toHex();
    // Created exclusively, so a token subcommand and a server starting at the same moment
    // cannot end up with two different secrets: the loser reads the winner's.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        if (QFile::exists(path))
            return resolveSecret(secretFile, dataDir);
        return secretError(
            QStringLiteral("cannot create secret %1: %2").arg(path, file.errorString()));
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(secret + '\n') != secret.size() + 1 || !file.flush())
        return secretError(
            QStringLiteral("cannot write secret %1: %2").arg(path, file.errorString()));
    ::fsync(file.handle());
    file.close();
    return secret;
}

} // namespace roomcast::server
