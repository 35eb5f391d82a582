#include "storeschema.h"

#include <QRandomGenerator>

namespace roomcast::server::storeschema {

namespace {

constexpr const char *kCreateSql = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rooms(room TEXT PRIMARY KEY, epoch TEXT NOT NULL,
                                 seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS messages(room TEXT NOT NULL, seq INTEGER NOT NULL,
                                    ts INTEGER NOT NULL, user_id TEXT NOT NULL,
                                    user_name TEXT NOT NULL, kind TEXT NOT NULL,
                                    body TEXT NOT NULL, client_msg_id TEXT NOT NULL,
                                    PRIMARY KEY(room, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency(user_id TEXT NOT NULL, client_msg_id TEXT NOT NULL,
                                       room TEXT NOT NULL, seq INTEGER NOT NULL,
                                       ts INTEGER NOT NULL,
                                       PRIMARY KEY(user_id, client_msg_id));
CREATE INDEX IF NOT EXISTS idempotency_ts ON idempotency(ts);
)sql";

// Version 2: full-text search over body.title and body.text (issue 11). The index is
// contentless (the text lives in `messages` only) and kept by triggers, so it changes in the
// transaction of the append or the retention trim that changes `messages`. A row's FTS rowid
// is search_rooms.id * 2^40 + seq: one room's rows are one rowid range, newest last, which
// FTS5 filters and walks backwards itself (room filter + newest first without a sort).
#define ROOMCAST_SEARCH_TEXT(row)                                                                  \
    "(CASE json_type(" row ".body, '$.title') WHEN 'text' THEN json_extract(" row                  \
    ".body, '$.title') ELSE '' END) || char(10) || (CASE json_type(" row ".body, '$.text') "       \
    "WHEN 'text' THEN json_extract(" row ".body, '$.text') ELSE '' END)"
#define ROOMCAST_SEARCH_ROWID(row)                                                                 \
    "(SELECT id FROM search_rooms WHERE room = " row ".room) * 1099511627776 + " row ".seq"

constexpr const char *kSearchSql =
    "CREATE TABLE IF NOT EXISTS search_rooms(id INTEGER PRIMARY KEY, room TEXT NOT NULL UNIQUE);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(text, content='',"
    " tokenize='unicode61 remove_diacritics 2');"
    "CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN"
    " INSERT OR IGNORE INTO search_rooms(room) VALUES(new.room);"
    " INSERT INTO messages_fts(rowid, text) VALUES(" ROOMCAST_SEARCH_ROWID(
        "new") ", " ROOMCAST_SEARCH_TEXT("new") "); END;"
                                                "CREATE TRIGGER IF NOT EXISTS messages_fts_delete "
                                                "AFTER DELETE ON messages BEGIN"
                                                " INSERT INTO messages_fts(messages_fts, rowid, "
                                                "text) VALUES('delete', " ROOMCAST_SEARCH_ROWID(
                                                    "old") ", " ROOMCAST_SEARCH_TEXT("old") "); "
                                                                                            "END;";

// Indexes what a version-1 store already holds.
constexpr const char *kSearchBackfillSql =
    "INSERT OR IGNORE INTO search_rooms(room) SELECT DISTINCT room FROM messages;"
    "INSERT INTO messages_fts(rowid, text) SELECT " ROOMCAST_SEARCH_ROWID(
        "messages") ", " ROOMCAST_SEARCH_TEXT("messages") " FROM messages;";

#undef ROOMCAST_SEARCH_TEXT
#undef ROOMCAST_SEARCH_ROWID

std::string randomEpoch()
{
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string epoch;
    for (int i = 0; i < 8; ++i)
        epoch += kAlphabet[QRandomGenerator::system()->bounded(32)];
    return epoch;
}

bool queryText(SqliteDb &db, const char *sql, std::string *value, QString *error)
{
    SqliteStatement st = db.prepare(sql, error);
    if (!st.isValid())
        return false;
    if (!st.step()) {
        if (st.ok())
            value->clear();
        else
            *error = db.errorMessage();
        return st.ok();
    }
    *value = st.text(0);
    return true;
}

bool createOrCheck(SqliteDb &db, std::string *epoch, QString *error)
{
    std::string version;
    if (!queryText(db, "PRAGMA user_version", &version, error))
        return false;
    const int current = std::stoi(version.empty() ? std::string("0") : version);
    if (current > kVersion) {
        *error = QStringLiteral("schema version %1 is newer than this build supports (%2)")
                     .arg(current)
                     .arg(kVersion);
        return false;
    }
    const std::string setVersion = "PRAGMA user_version=" + std::to_string(kVersion);
    if (current == 0) {
        if (!db.exec(kCreateSql, error) || !db.exec(kSearchSql, error) ||
            !db.exec(setVersion.c_str(), error))
            return false;
    } else if (current == 1) { // a store from before search: index what it holds
        if (!db.exec(kSearchSql, error) || !db.exec(kSearchBackfillSql, error) ||
            !db.exec(setVersion.c_str(), error))
            return false;
    }
    SqliteStatement insert =
        db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES('epoch', ?1)", error);
    if (!insert.isValid())
        return false;
    insert.bind(1, randomEpoch());
    if (!insert.exec()) {
        *error = db.errorMessage();
        return false;
    }
    return queryText(db, "SELECT value FROM meta WHERE key = 'epoch'", epoch, error);
}

} // namespace

bool ensure(SqliteDb &db, std::string *epoch, QString *error)
{
    std::string mode;
    if (!queryText(db, "PRAGMA journal_mode=WAL", &mode, error))
        return false;
    if (mode != "wal") {
        *error = QStringLiteral("cannot switch to WAL journal mode (got %1)")
                     .arg(QString::fromStdString(mode));
        return false;
    }
    if (db.isReadOnly()) {
        *error = QStringLiteral("database file is read-only");
        return false;
    }
    if (!db.exec("BEGIN IMMEDIATE", error))
        return false;
    if (!createOrCheck(db, epoch, error) || !db.exec("COMMIT", error)) {
        if (db.inTransaction())
            db.exec("ROLLBACK");
        return false;
    }
    if (epoch->empty()) {
        *error = QStringLiteral("store epoch missing from table meta");
        return false;
    }
    return true;
}

} // namespace roomcast::server::storeschema
