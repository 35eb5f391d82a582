#include "outbox.h"

#include "logging.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QUuid>

#include <sqlite3.h>

namespace roomcast::client {

namespace {

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

Outbox::Entry readEntry(const Statement &row)
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

std::string stateSql(Outbox::State state)
{
    return std::to_string(static_cast<int>(state));
}

} // namespace

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

Outbox::Outbox() : d(std::make_unique<Private>()) {}

Outbox::~Outbox() = default;

protocol::Expected<std::unique_ptr<Outbox>> Outbox::open(const QString &path)
{
    return open(path, [] { return QDateTime::currentMSecsSinceEpoch(); });
}

protocol::Expected<std::unique_ptr<Outbox>> Outbox::open(const QString &path, Clock clock)
{
    const auto failure = [&path](const QString &reason) {
        return protocol::Error{protocol::ErrorCode::Internal, "outbox",
                               QStringLiteral("cannot open the outbox %1: %2")
                                   .arg(QDir::toNativeSeparators(path), reason)
                                   .toStdString()};
    };
    if (path.isEmpty())
        return protocol::Error{protocol::ErrorCode::Internal, "outbox",
                               "cannot open the outbox: no file name given"};
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        return failure(
            QStringLiteral("cannot create the directory %1").arg(QDir::toNativeSeparators(dir)));

    std::unique_ptr<Outbox> outbox(new Outbox);
    outbox->d->clock =
        clock ? std::move(clock) : [] { return QDateTime::currentMSecsSinceEpoch(); };
    sqlite3 *&db = outbox->d->db;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK)
        return failure(db ? QString::fromUtf8(sqlite3_errmsg(db))
                          : QStringLiteral("out of memory"));
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    QString error;
    if (!outbox->d->prepareSchema(&error))
        return failure(error);
    qCInfo(lcClient) << "outbox" << path << "holds" << outbox->depth() << "unacknowledged";
    return outbox;
}

Outbox::Entry Outbox::enqueue(const std::string &room, const std::string &kind,
                              const protocol::Json &body)
{
    Entry entry;
    entry.clientMsgId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.room = room;
    entry.kind = kind;
    entry.body = body;
    entry.createdMs = d->clock();

    Statement insert(d->db, "INSERT INTO outbox(client_msg_id, room, kind, body, state, "
                            "created_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, entry.clientMsgId);
    insert.bind(2, room);
    insert.bind(3, kind);
    insert.bind(4, body.dump(-1, ' ', false, protocol::Json::error_handler_t::replace));
    insert.bind(5, static_cast<std::int64_t>(State::Queued));
    insert.bind(6, entry.createdMs);
    if (insert.step() != SQLITE_DONE) {
        // Not durable: say so instead of pretending it will be sent.
        entry.state = State::Failed;
        entry.error =
            QStringLiteral("could not be stored: %1").arg(QString::fromUtf8(sqlite3_errmsg(d->db)));
        qCWarning(lcClient) << "outbox: entry" << entry.clientMsgId << entry.error;
        return entry;
    }
    qCDebug(lcClient) << "outbox: queued" << entry.clientMsgId << "for"
                      << QString::fromStdString(room);
    Q_EMIT entryChanged(entry.clientMsgId);
    Q_EMIT depthChanged();
    return entry;
}

std::vector<Outbox::Entry> Outbox::unacknowledged() const
{
    return d->select("WHERE state IN (" + stateSql(State::Queued) + "," + stateSql(State::Sending) +
                     ")");
}

std::vector<Outbox::Entry> Outbox::all() const
{
    return d->select({});
}

std::optional<Outbox::Entry> Outbox::find(const QString &clientMsgId) const
{
    Statement query(d->db, std::string(kColumns) + "WHERE client_msg_id=?1");
    query.bind(1, clientMsgId);
    if (query.step() != SQLITE_ROW)
        return std::nullopt;
    return readEntry(query);
}

int Outbox::depth() const
{
    Statement query(d->db, "SELECT COUNT(*) FROM outbox WHERE state IN (" +
                               stateSql(State::Queued) + "," + stateSql(State::Sending) + ")");
    return query.step() == SQLITE_ROW ? static_cast<int>(query.number(0)) : 0;
}

void Outbox::markSending(const QString &clientMsgId)
{
    change(clientMsgId, "UPDATE outbox SET state=1 WHERE client_msg_id=?1 AND state=0");
}

void Outbox::markAcknowledged(const QString &clientMsgId, std::int64_t seq)
{
    // An ack is the server's word that it is stored, whatever we thought before.
    change(clientMsgId,
           "UPDATE outbox SET state=2, seq=?2, error='' WHERE client_msg_id=?1 AND state<>2", seq);
}

void Outbox::markFailed(const QString &clientMsgId, const QString &reason)
{
    change(clientMsgId,
           "UPDATE outbox SET state=3, error=?3 WHERE client_msg_id=?1 AND state IN (0,1)", 0,
           reason);
}

void Outbox::requeueSending()
{
    std::vector<QString> ids;
    {
        Statement query(d->db, "SELECT client_msg_id FROM outbox WHERE state=1");
        while (query.step() == SQLITE_ROW)
            ids.push_back(QString::fromStdString(query.text(0)));
    }
    if (ids.empty())
        return;
    QString error;
    if (!d->exec("UPDATE outbox SET state=0 WHERE state=1", &error)) {
        qCWarning(lcClient) << "outbox: cannot requeue:" << error;
        return;
    }
    for (const QString &id : ids)
        Q_EMIT entryChanged(id);
}

bool Outbox::requeue(const QString &clientMsgId)
{
    const bool changed = change(
        clientMsgId, "UPDATE outbox SET state=0, error='' WHERE client_msg_id=?1 AND state=3");
    if (changed)
        qCDebug(lcClient) << "outbox: requeued" << clientMsgId << "after a failure";
    return changed;
}

bool Outbox::change(const QString &clientMsgId, const char *sql, std::int64_t seq,
                    const QString &error)
{
    const int before = depth();
    Statement update(d->db, sql);
    update.bind(1, clientMsgId);
    update.bind(2, seq);
    update.bind(3, error);
    if (update.step() != SQLITE_DONE) {
        qCWarning(lcClient) << "outbox: cannot update" << clientMsgId << ":"
                            << sqlite3_errmsg(d->db);
        return false;
    }
    if (sqlite3_changes(d->db) == 0)
        return false;
    Q_EMIT entryChanged(clientMsgId);
    if (depth() != before)
        Q_EMIT depthChanged();
    return true;
}

} // namespace roomcast::client
