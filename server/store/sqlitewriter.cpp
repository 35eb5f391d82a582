#include "sqlitewriter.h"

#include "logging.h"

namespace roomcast::server {

void StoreBatch::finish(bool ok, const QString &error)
{
    {
        std::lock_guard lock(m_mutex);
        m_ok = ok;
        m_error = error;
        m_done = true;
    }
    m_cv.notify_all();
}

void StoreBatch::wait()
{
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [this] { return m_done; });
}

bool StoreBatch::succeeded() const
{
    std::lock_guard lock(m_mutex);
    return m_ok;
}

QString StoreBatch::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

SqliteWriter::SqliteWriter(SqliteDb db, std::string storeEpoch, int retention)
    : m_db(std::move(db)), m_storeEpoch(std::move(storeEpoch)), m_retention(retention)
{}

SqliteWriter::~SqliteWriter() = default;

std::unique_ptr<SqliteWriter> SqliteWriter::create(SqliteDb db, std::string storeEpoch,
                                                   int retention, QString *error)
{
    std::unique_ptr<SqliteWriter> writer(
        new SqliteWriter(std::move(db), std::move(storeEpoch), retention));
    if (!writer->prepare(error))
        return nullptr;
    return writer;
}

bool SqliteWriter::prepare(QString *error)
{
    struct
    {
        SqliteStatement *st;
        const char *sql;
    } const statements[] = {
        {&m_begin, "BEGIN IMMEDIATE"},
        {&m_commit, "COMMIT"},
        {&m_insertMessage,
         "INSERT INTO messages(room, seq, ts, user_id, user_name, kind, body, client_msg_id) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
        {&m_upsertRoom, "INSERT INTO rooms(room, epoch, seq) VALUES(?1, ?2, ?3) "
                        "ON CONFLICT(room) DO UPDATE SET seq = excluded.seq"},
        {&m_insertKey, "INSERT OR REPLACE INTO idempotency(user_id, client_msg_id, room, seq, ts) "
                       "VALUES(?1, ?2, ?3, ?4, ?5)"},
        {&m_trimRoom, "DELETE FROM messages WHERE room = ?1 AND seq <= ?2"},
        {&m_purgeKeys, "DELETE FROM idempotency WHERE ts < ?1"},
    };
    for (const auto &entry : statements) {
        *entry.st = m_db.prepare(entry.sql, error);
        if (!entry.st->isValid())
            return false;
    }
    return true;
}

void SqliteWriter::commit(const std::shared_ptr<StoreBatch> &batch)
{
    QString error;
    const bool ok = write(*batch, &error);
    if (!ok) {
        if (m_db.inTransaction() && !m_db.exec("ROLLBACK"))
            qCWarning(lcStore) << "rollback failed:" << m_db.errorMessage();
        qCWarning(lcStore) << "batch of" << batch->messages.size()
                           << "messages not stored:" << error;
    } else {
        qCDebug(lcStore) << "committed batch" << batch->id << "with" << batch->messages.size()
                         << "messages";
    }
    batch->finish(ok, error);
    Q_EMIT batchFinished(batch->id);
}

bool SqliteWriter::write(const StoreBatch &batch, QString *error)
{
    const auto fail = [&] {
        *error = m_db.errorMessage();
        return false;
    };
    if (!m_begin.exec())
        return fail();
    for (const protocol::Message &m : batch.messages) {
        m_insertMessage.bind(1, m.room);
        m_insertMessage.bind(2, m.seq);
        m_insertMessage.bind(3, m.tsMs);
        m_insertMessage.bind(4, m.from.id);
        m_insertMessage.bind(5, m.from.name);
        m_insertMessage.bind(6, m.kind);
        m_insertMessage.bind(7,
                             m.body.dump(-1, ' ', false, protocol::Json::error_handler_t::replace));
        m_insertMessage.bind(8, m.clientMsgId);
        if (!m_insertMessage.exec())
            return fail();
        if (m.clientMsgId.empty())
            continue;
        m_insertKey.bind(1, m.from.id);
        m_insertKey.bind(2, m.clientMsgId);
        m_insertKey.bind(3, m.room);
        m_insertKey.bind(4, m.seq);
        m_insertKey.bind(5, m.tsMs);
        if (!m_insertKey.exec())
            return fail();
    }
    for (const auto &[room, seq] : batch.lastSeqs) {
        m_upsertRoom.bind(1, room);
        m_upsertRoom.bind(2, m_storeEpoch);
        m_upsertRoom.bind(3, seq);
        if (!m_upsertRoom.exec())
            return fail();
        if (m_retention > 0 && seq > m_retention) {
            m_trimRoom.bind(1, room);
            m_trimRoom.bind(2, seq - m_retention);
            if (!m_trimRoom.exec())
                return fail();
        }
    }
    if (batch.purgeIdempotencyBefore) {
        m_purgeKeys.bind(1, *batch.purgeIdempotencyBefore);
        if (!m_purgeKeys.exec())
            return fail();
    }
    if (!m_commit.exec())
        return fail();
    return true;
}

} // namespace roomcast::server
