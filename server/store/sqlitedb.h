#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace roomcast::server {

//! A prepared statement that stays compiled for the connection's lifetime (the store's
//! statements are prepared once at open). Binding is 1-based like SQLite's own API.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    ~SqliteStatement();

    void bind(int index, std::int64_t value);
    void bind(int index, std::string_view text);

    //! Steps once: true when a row is available, false when done or on error (see ok()).
    bool step();
    //! Runs a statement that returns no rows, then resets it.
    bool exec();
    //! Resets and clears bindings, ending the statement's implicit read transaction.
    void reset();
    bool ok() const { return m_ok; }
    bool isValid() const { return m_stmt != nullptr; }

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_ok = true;
};

//! Resets a statement when leaving a scope, so no read snapshot is held between calls.
class StatementScope
{
public:
    explicit StatementScope(SqliteStatement &st) : m_st(st) {}
    ~StatementScope() { m_st.reset(); }
    StatementScope(const StatementScope &) = delete;
    StatementScope &operator=(const StatementScope &) = delete;

private:
    SqliteStatement &m_st;
};

//! One SQLite connection (RAII). Errors are returned as English sentences from SQLite.
class SqliteDb
{
public:
    SqliteDb() = default;
    SqliteDb(SqliteDb &&other) noexcept;
    SqliteDb &operator=(SqliteDb &&other) noexcept;
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;
    ~SqliteDb();

    //! Opens read-write (creating the file) with synchronous=FULL and a busy timeout.
    bool open(const QString &path, QString *error);
    void close();
    bool exec(const char *sql, QString *error = nullptr);
    SqliteStatement prepare(const char *sql, QString *error);
    QString errorMessage() const;
    //! The primary result code of the last failed call (SQLITE_ERROR, SQLITE_IOERR, ...).
    int errorCode() const;
    bool inTransaction() const;
    bool isReadOnly() const;
    sqlite3 *handle() const { return m_db; }
    //! Rows the last INSERT/UPDATE/DELETE changed.
    std::int64_t changes() const;
    std::int64_t lastInsertRowId() const;

private:
    sqlite3 *m_db = nullptr;
};

} // namespace roomcast::server
