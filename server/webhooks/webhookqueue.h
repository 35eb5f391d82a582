#pragma once

#include "store/sqlitedb.h"

#include "protocol/expected.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace roomcast::server::webhooks {

//! The deliveries not done yet, on disk (`webhooks.sqlite` in the data directory, WAL): what
//! a restart or a kill -9 of the node must not lose. A delivery is one event for one URL;
//! (url, event id) is unique, so an event enqueued twice (a publish retried after a lost ack)
//! goes out once. Done deliveries stay a day as tombstones for that check, then are purged.
//! Commits use synchronous=NORMAL: they survive the process dying at any point; only a power
//! loss can take the last ones.
class WebhookQueue
{
public:
    struct Entry
    {
        std::int64_t id = 0; //!< ascending in enqueue order: the order of delivery per room
        std::string url;
        std::string room;
        std::string eventId; //!< "<epoch>:<room>:<seq>"
        std::string body;    //!< the message event JSON
        int attempts = 0;
        std::int64_t firstMs = 0; //!< enqueued at (wall ms): the retry window starts here
        std::int64_t nextMs = 0;  //!< not before (wall ms)
    };

    static protocol::Expected<std::unique_ptr<WebhookQueue>> open(const QString &path);

    //! Adds a delivery; false when (url, eventId) was already enqueued (or on a write error).
    bool enqueue(Entry &entry);
    //! Every delivery not done, ascending id (what a restart resumes).
    std::vector<Entry> pending();
    void reschedule(std::int64_t id, int attempts, std::int64_t nextMs);
    //! Done: delivered, or dropped after a refusal or the retry window.
    void finish(std::int64_t id, std::int64_t nowMs);
    //! Forgets done deliveries older than `beforeMs`.
    void purge(std::int64_t beforeMs);

private:
    explicit WebhookQueue(SqliteDb db) : m_db(std::move(db)) {}
    bool prepare(QString *error);

    SqliteDb m_db;
    SqliteStatement m_insert;
    SqliteStatement m_pending;
    SqliteStatement m_reschedule;
    SqliteStatement m_finish;
    SqliteStatement m_purge;
};

} // namespace roomcast::server::webhooks
