// SqliteStore: opening (data directory checks, lock, schema, both connections) and closing.

#include "sqlitestore.h"

#include "logging.h"
#include "sqlitestore_p.h"
#include "storeschema.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <filesystem>
#include <system_error>

namespace roomcast::server {

namespace {

protocol::Error storeError(protocol::ErrorCode code, const QString &message)
{
    return protocol::Error{code, std::string(), message.toStdString()};
}

//! "Not a directory" -> "not a directory": the reason follows a colon in our messages.
QString reason(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    return text;
}

} // namespace

SqliteStore::SqliteStore(const Options &options) : d(std::make_unique<Impl>())
{
    d->options = options;
    if (!d->options.clock)
        d->options.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    d->thread.setObjectName(QStringLiteral("roomcast-store-writer"));
}

protocol::Expected<std::unique_ptr<SqliteStore>> SqliteStore::open(const Options &options)
{
    std::unique_ptr<SqliteStore> store(new SqliteStore(options));
    if (std::optional<protocol::Error> error = store->init())
        return *error;
    return protocol::Expected<std::unique_ptr<SqliteStore>>(std::move(store));
}

std::optional<protocol::Error> SqliteStore::init()
{
    using protocol::ErrorCode;
    if (d->options.dataDir.isEmpty())
        return storeError(ErrorCode::Internal, QStringLiteral("no data directory given"));
    const QString dir = QDir::cleanPath(QFileInfo(d->options.dataDir).absoluteFilePath());
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(dir.toStdString()), ec);
    if (ec || !QFileInfo(dir).isDir()) {
        const QString why =
            ec ? reason(QString::fromStdString(ec.message())) : QStringLiteral("not a directory");
        return storeError(ErrorCode::Unavailable,
                          QStringLiteral("cannot create data directory %1: %2").arg(dir, why));
    }
    QFile probe(dir + QStringLiteral("/.roomcast-write-probe"));
    if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return storeError(ErrorCode::Unavailable,
                          QStringLiteral("cannot write to data directory %1: %2")
                              .arg(dir, reason(probe.errorString())));
    }
    probe.close();
    probe.remove();

    d->lock = std::make_unique<QLockFile>(dir + QStringLiteral("/roomcast.db.lock"));
    d->lock->setStaleLockTime(0); // stale only when the owning process is gone
    if (!d->lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        d->lock->getLockInfo(&pid, &host, &app);
        return storeError(ErrorCode::Unavailable,
                          QStringLiteral("data directory %1 is in use by another process (pid %2)")
                              .arg(dir)
                              .arg(pid));
    }

    d->dbPath = dir + QStringLiteral("/roomcast.db");
    const auto dbError = [this](const QString &what) {
        return storeError(ErrorCode::Internal,
                          QStringLiteral("cannot open database %1: %2").arg(d->dbPath, what));
    };
    QString error;
    SqliteDb writeDb;
    if (!writeDb.open(d->dbPath, &error) || !storeschema::ensure(writeDb, &d->epoch, &error))
        return dbError(error);
    d->writer = SqliteWriter::create(std::move(writeDb), d->epoch, d->options.retention, &error);
    if (!d->writer)
        return dbError(error);
    if (!d->readDb.open(d->dbPath, &error) || !d->prepareReads(&error) || !d->loadState(&error))
        return dbError(error);

    d->writer->moveToThread(&d->thread);
    connect(d->writer.get(), &SqliteWriter::batchFinished, this, &SqliteStore::onBatchFinished);
    d->thread.start();
    qCInfo(lcStore) << "opened" << d->dbPath << "epoch" << QString::fromStdString(d->epoch)
                    << "rooms" << d->rooms.size() << "live idempotency keys" << d->keys.size();
    return std::nullopt;
}

SqliteStore::~SqliteStore()
{
    flush();
    d->thread.quit();
    d->thread.wait();
    d->writer.reset(); // its thread has finished: safe to delete from here
}

} // namespace roomcast::server
