#pragma once

#include "sqlitedb.h"

#include "protocol/frames.h"

#include <QObject>
#include <QString>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roomcast::server {

//! One group commit: built on the owner's thread (seq and ts already assigned), committed on
//! the writer's thread, then read back by the owner. Nobody touches the inputs while it is
//! in flight; the outcome is published under the mutex.
struct StoreBatch
{
    std::uint64_t id = 0;
    std::vector<protocol::Message> messages;
    std::vector<std::pair<std::string, std::int64_t>> lastSeqs; //!< per touched room
    std::optional<std::int64_t> purgeIdempotencyBefore;         //!< drop rows with ts below

    //! Called by the writer once the transaction committed or was rolled back.
    void finish(bool ok, const QString &error);
    //! Blocks until finish() was called (flush() uses it instead of a nested event loop).
    void wait();
    bool succeeded() const; //!< valid once done
    QString error() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    bool m_ok = false;
    QString m_error;
};

//! Owns the write connection and runs each batch as one transaction on its own thread:
//! messages, room seqs, idempotency keys and retention in a single fsync'd COMMIT.
class SqliteWriter : public QObject
{
    Q_OBJECT
public:
    //! Prepares the statements on `db` (already opened, schema in place).
    static std::unique_ptr<SqliteWriter> create(SqliteDb db, std::string storeEpoch, int retention,
                                                QString *error);
    ~SqliteWriter() override;

    //! Commits (or rolls back) the batch, calls batch->finish(), then emits batchFinished.
    void commit(const std::shared_ptr<StoreBatch> &batch);

Q_SIGNALS:
    void batchFinished(quint64 batchId);

private:
    SqliteWriter(SqliteDb db, std::string storeEpoch, int retention);
    bool prepare(QString *error);
    bool write(const StoreBatch &batch, QString *error);

    SqliteDb m_db;
    std::string m_storeEpoch;
    int m_retention;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_insertMessage;
    SqliteStatement m_upsertRoom;
    SqliteStatement m_insertKey;
    SqliteStatement m_trimRoom;
    SqliteStatement m_purgeKeys;
};

} // namespace roomcast::server
