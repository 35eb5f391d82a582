#include "webhookqueue.h"

namespace roomcast::server::webhooks {

namespace {
constexpr const char *kSchema = R"(
CREATE TABLE IF NOT EXISTS deliveries(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    room TEXT NOT NULL,
    event_id TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    first_ms INTEGER NOT NULL,
    next_ms INTEGER NOT NULL,
    done_ms INTEGER,
    UNIQUE(url, event_id));
CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(done_ms, id);
)";
} // namespace

protocol::Expected<std::unique_ptr<WebhookQueue>> WebhookQueue::open(const QString &path)
{
    SqliteDb db;
    QString error;
    if (!db.open(path, &error) || !db.exec("PRAGMA journal_mode=WAL", &error) ||
        !db.exec("PRAGMA synchronous=NORMAL", &error) || !db.exec(kSchema, &error))
        return protocol::Error{protocol::ErrorCode::Internal, "webhook",
                               "webhook queue " + path.toStdString() + ": " + error.toStdString()};
    std::unique_ptr<WebhookQueue> queue(new WebhookQueue(std::move(db)));
    if (!queue->prepare(&error))
        return protocol::Error{protocol::ErrorCode::Internal, "webhook",
                               "webhook queue " + path.toStdString() + ": " + error.toStdString()};
    return queue;
}

bool WebhookQueue::prepare(QString *error)
{
    const std::pair<SqliteStatement *, const char *> statements[] = {
        {&m_insert, "INSERT OR IGNORE INTO deliveries(url, room, event_id, body, first_ms, "
                    "next_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?5)"},
        {&m_pending, "SELECT id, url, room, event_id, body, attempts, first_ms, next_ms "
                     "FROM deliveries WHERE done_ms IS NULL ORDER BY id"},
        {&m_reschedule, "UPDATE deliveries SET attempts = ?2, next_ms = ?3 WHERE id = ?1"},
        {&m_finish, "UPDATE deliveries SET done_ms = ?2, body = '' WHERE id = ?1"},
        {&m_purge, "DELETE FROM deliveries WHERE done_ms IS NOT NULL AND done_ms < ?1"},
    };
    for (const auto &[statement, sql] : statements) {
        *statement = m_db.prepare(sql, error);
        if (!statement->isValid())
            return false;
    }
    return true;
}

bool WebhookQueue::enqueue(Entry &entry)
{
    m_insert.bind(1, entry.url);
    m_insert.bind(2, entry.room);
    m_insert.bind(3, entry.eventId);
    m_insert.bind(4, entry.body);
    m_insert.bind(5, entry.firstMs);
    if (!m_insert.exec() || m_db.changes() == 0)
        return false;
    entry.id = m_db.lastInsertRowId();
    entry.nextMs = entry.firstMs;
    return true;
}

std::vector<WebhookQueue::Entry> WebhookQueue::pending()
{
    std::vector<Entry> out;
    StatementScope scope(m_pending);
    while (m_pending.step())
        out.push_back(Entry{m_pending.int64(0), m_pending.text(1), m_pending.text(2),
                            m_pending.text(3), m_pending.text(4),
                            static_cast<int>(m_pending.int64(5)), m_pending.int64(6),
                            m_pending.int64(7)});
    return out;
}

void WebhookQueue::reschedule(std::int64_t id, int attempts, std::int64_t nextMs)
{
    m_reschedule.bind(1, id);
    m_reschedule.bind(2, std::int64_t(attempts));
    m_reschedule.bind(3, nextMs);
    m_reschedule.exec();
}

void WebhookQueue::finish(std::int64_t id, std::int64_t nowMs)
{
    m_finish.bind(1, id);
    m_finish.bind(2, nowMs);
    m_finish.exec();
}

void WebhookQueue::purge(std::int64_t beforeMs)
{
    m_purge.bind(1, beforeMs);
    m_purge.exec();
}

} // namespace roomcast::server::webhooks
