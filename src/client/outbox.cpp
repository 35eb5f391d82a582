#include "outbox.h"

#include "logging.h"
#include "outbox_p.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QUuid>

#include <sqlite3.h>

namespace roomcast::client {

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
