#pragma once

// Outbox's SQLite side: the statement wrapper, the row reader and the schema, shared by
// outbox.cpp only (kept apart so that file stays about the outbox's rules).
#include "outbox.h"

#include <QString>

#include <sqlite3.h>

#include <string>
#include <vector>

namespace roomcast::client {

constexpr int kSchemaVersion = 1;
constexpr std::int64_t kKeepAcknowledgedMs = 24 * 60 * 60 * 1000;
constexpr int kBusyTimeoutMs = 2000;

// The UPDATEs below spell states as numbers.
static_assert(int(Outbox::State::Queued) == 0 && int(Outbox::State::Sending) == 1 &&
              int(Outbox::State::Acknowledged) == 2 && int(Outbox::State::Failed) == 3);

constexpr const char *kColumns =
    "SELECT client_msg_id, room, kind, body, state, error, seq, created_ms FROM outbox ";

//! One prepared statement, finalized on scope exit. Binding an index the SQL does not use
//! is a no-op, so one helper can serve several UPDATEs.
class Statement
{
public:
    Statement(sqlite3 *db, const std::string &sql)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) {
            qCWarning(lcClient) << "outbox: cannot prepare a statement:" << sqlite3_errmsg(db);
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    void bind(int index, const std::string &text)
    {
        if (m_stmt && index <= sqlite3_bind_parameter_count(m_stmt))
            sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()),
                              SQLITE_TRANSIENT);
    }
    void bind(int index, const QString &text) { bind(index, text.toStdString()); }
    void bind(int index, std::int64_t value)
    {
        if (m_stmt && index <= sqlite3_bind_parameter_count(m_stmt))
            sqlite3_bind_int64(m_stmt, index, value);
    }
    //! SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return m_stmt ? sqlite3_step(m_stmt) : SQLITE_ERROR; }
    std::string text(int column) const
    {
        const auto *data = sqlite3_column_text(m_stmt, column);
        return data ? std::string(reinterpret_cast<const char *>(data),
                                  static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
                    : std::string();
    }
    std::int64_t number(int column) const { return sqlite3_column_int64(m_stmt, column); }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

inline Outbox::Entry readEntry(const Statement &row)
{
    Outbox::Entry entry;
    entry.clientMsgId = QString::fromStdString(row.text(0));
    entry.room = row.text(1);
    entry.kind = row.text(2);
    entry.body = protocol::Json::parse(row.text(3), nullptr, false);
    if (entry.body.is_discarded() || !entry.body.is_object()) {
        qCWarning(lcClient) << "outbox: entry" << entry.clientMsgId << "has an unreadable body";
        entry.body = protocol::Json::object();
    }
    const auto state = row.number(4);
    entry.state = state >= 0 && state <= static_cast<int>(Outbox::State::Failed)
                      ? static_cast<Outbox::State>(state)
                      : Outbox::State::Queued;
    entry.error = QString::fromStdString(row.text(5));
    entry.seq = row.number(6);
    entry.createdMs = row.number(7);
    return entry;
}

inline std::string stateSql(Outbox::State state)
{
    return std::to_string(static_cast<int>(state));
}

struct Outbox::Private
{
    sqlite3 *db = nullptr;
    Clock clock;

    ~Private() { sqlite3_close_v2(db); }

    bool exec(const std::string &sql, QString *error)
    {
        char *message = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK)
            return true;
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        return false;
    }
    std::vector<Entry> select(const std::string &where)
    {
        std::vector<Entry> entries;
        Statement query(db, kColumns + where + " ORDER BY created_ms, rowid");
        while (query.step() == SQLITE_ROW)
            entries.push_back(readEntry(query));
        return entries;
    }
    bool prepareSchema(QString *error)
    {
        std::int64_t found = 0;
        {
            Statement version(db, "PRAGMA user_version"); // finalized before WAL is set
            found = version.step() == SQLITE_ROW ? version.number(0) : 0;
        }
        if (found > kSchemaVersion) {
            *error = QStringLiteral("written by a newer Roomcast (schema %1)").arg(found);
            return false;
        }
        const std::string queued = stateSql(State::Queued);
        const std::int64_t cutoff = clock() - kKeepAcknowledgedMs;
        return exec("PRAGMA journal_mode=WAL", error) && exec("PRAGMA synchronous=FULL", error) &&
               exec("CREATE TABLE IF NOT EXISTS outbox(client_msg_id TEXT PRIMARY KEY, "
                    "room TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, "
                    "state INTEGER NOT NULL, error TEXT NOT NULL DEFAULT '', "
                    "seq INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL)",
                    error) &&
               exec("PRAGMA user_version=" + std::to_string(kSchemaVersion), error) &&
               // The app died mid-send: those go out again (the server deduplicates).
               exec("UPDATE outbox SET state=" + queued +
                        " WHERE state=" + stateSql(State::Sending),
                    error) &&
               exec("DELETE FROM outbox WHERE state=" + stateSql(State::Acknowledged) +
                        " AND created_ms<" + std::to_string(cutoff),
                    error);
    }
};

} // namespace roomcast::client
