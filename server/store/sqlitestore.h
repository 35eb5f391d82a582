#pragma once

#include "appendresult.h"
#include "roomstate.h"

#include "protocol/expected.h"
#include "protocol/frames.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

class QThread;
class tst_SqliteStore;

namespace roomcast::server {

class SqliteWriter;

//! The embedded durable store: one SQLite database in WAL mode under the data directory.
//!
//! Appends are group-committed on a writer thread: while one batch commits (fsync), new
//! appends queue up and go together in the next transaction. A callback runs (on the
//! owner's thread) only after the batch holding its message has committed, so an ack sent
//! from it is never lost, even on SIGKILL. Reads use a second connection on the owner's
//! thread and only ever see what has been committed *and announced* (seq <= the room's
//! published seq), so a subscriber never sees a message twice (history + broadcast).
class SqliteStore : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;
        int retention = 10000;                               //!< messages kept per room
        std::chrono::milliseconds idempotencyWindow{600000}; //!< 10 minutes
        std::function<std::int64_t()> clock;                 //!< ms since epoch; default wall clock
    };
    using AppendCallback = std::function<void(const AppendResult &)>;

    //! Opens (creating if needed) `<dataDir>/roomcast.db`. Errors say what and where.
    static protocol::Expected<std::unique_ptr<SqliteStore>> open(const Options &options);
    ~SqliteStore() override;

    //! Room state as announced so far (an unknown room: the store's epoch, seq 0).
    RoomState roomState(const std::string &room) const;

    //! Messages with seq in (afterSeq, roomState.seq], ascending, at most `limit`.
    std::vector<protocol::Message> messagesAfter(const std::string &room, std::int64_t afterSeq,
                                                 int limit) const;
    //! The latest `limit` messages with seq < beforeSeq (nullopt: no bound), ascending;
    //! `more` is set when older retained messages exist before the first returned.
    std::vector<protocol::Message> messagesBefore(const std::string &room,
                                                  std::optional<std::int64_t> beforeSeq, int limit,
                                                  bool *more = nullptr) const;

    //! Up to `limit` announced messages of `room` whose text matches `fts5Query` (FTS5 query
    //! syntax), newest first. A query FTS5 cannot parse is a bad_request naming `q`; a read
    //! failure is `unavailable`.
    protocol::Expected<std::vector<protocol::Message>>
    search(const std::string &room, const std::string &fts5Query, int limit) const;

    //! The first read failure (of the calls above) since the last call, as `unavailable`;
    //! a caller checks it after its reads, so a broken disk is an error, not empty history.
    std::optional<protocol::Error> takeReadError() const;

    //! Queues a message for storage. `message.seq` and `message.tsMs` are assigned by the
    //! store; `message.from.id` + `message.clientMsgId` form the idempotency key.
    //! The callback runs exactly once, after commit (or failure), on the owner's thread,
    //! in append order. Per room, seqs are assigned in append order without gaps.
    void append(protocol::Message message, AppendCallback done);

    //! Blocks until every queued append has been committed and its callback has run.
    void flush();

    //! Number of appends queued or committing (for metrics and drain).
    int pendingCount() const;

private:
    friend class ::tst_SqliteStore; // reads committedBatchCount() to prove group commit

    explicit SqliteStore(const Options &options);
    std::optional<protocol::Error> init();
    void scheduleBatch();
    void startBatch();
    void onBatchFinished(quint64 batchId);
    void finishBatch();
    void scheduleDrain();
    void drainCallbacks();
    int committedBatchCount() const;

    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace roomcast::server
