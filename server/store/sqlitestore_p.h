#pragma once

// Private to the store: the state behind SqliteStore's pimpl, shared by its .cpp files.

#include "sqlitedb.h"
#include "sqlitestore.h"
#include "sqlitewriter.h"

#include <QLockFile>
#include <QThread>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace roomcast::server {

//! What the store knows about a room: committed = durable, announced = callbacks ran.
struct RoomInfo
{
    std::string epoch;
    std::int64_t committed = 0;
    std::int64_t announced = 0;
};

//! A committed idempotency key (the row in table idempotency).
struct CommittedKey
{
    std::string room;
    std::int64_t seq = 0;
    std::int64_t tsMs = 0;
};

//! The result of one stored append, shared with repeats of its key that arrived meanwhile.
struct Outcome
{
    bool resolved = false;
    AppendResult result;
};

//! One append waiting for its callback, in append order.
struct CallbackEntry
{
    SqliteStore::AppendCallback done;
    std::shared_ptr<Outcome> outcome;
    bool repeat = false; //!< a repeat of an in-flight key: reports the outcome as duplicate
};

struct SqliteStore::Impl
{
    Options options;
    QString dbPath;
    std::string epoch;
    std::unique_ptr<QLockFile> lock;

    SqliteDb readDb;
    mutable SqliteStatement firstSeq;
    mutable SqliteStatement after;
    mutable SqliteStatement before;
    mutable SqliteStatement one;
    mutable SqliteStatement searchRoom; //!< search_rooms.id of a room
    mutable SqliteStatement search;
    //! The first read failure since takeReadError() (reads keep their vector signatures).
    mutable std::string readError;

    QThread thread;
    std::unique_ptr<SqliteWriter> writer;

    std::unordered_map<std::string, RoomInfo> rooms;
    std::unordered_map<std::string, CommittedKey> keys;        //!< committed, within the window
    std::deque<std::pair<std::int64_t, std::string>> keyOrder; //!< (ts, key) to expire
    std::unordered_map<std::string, std::shared_ptr<Outcome>> inflightKeys;

    std::vector<std::pair<protocol::Message, std::shared_ptr<Outcome>>> pending;
    std::shared_ptr<StoreBatch> batch; //!< in flight
    std::vector<std::shared_ptr<Outcome>> batchOutcomes;
    std::deque<CallbackEntry> callbacks;

    bool batchScheduled = false;
    bool drainScheduled = false;
    //! The finished batch's callbacks wait for the batch committing now (see finishBatch()).
    bool holding = false;
    std::uint64_t nextBatchId = 1;
    int committedBatches = 0;
    std::optional<std::int64_t> lastKeyPurge;

    std::int64_t now() const { return options.clock(); }
    std::int64_t window() const { return options.idempotencyWindow.count(); }
    std::int64_t announcedSeq(const std::string &room) const;
    static std::string keyOf(const std::string &userId, const std::string &clientMsgId);
    static std::string keyOf(const protocol::Message &m);
    const CommittedKey *findCommitted(const std::string &key);
    void rememberKey(const protocol::Message &m);
    void expireKeys();

    // sqlitestorereads.cpp: the read connection, on the owner's thread
    bool prepareReads(QString *error);
    bool prepareSearch(QString *error); // sqlitestoresearch.cpp
    bool loadState(QString *error);
    std::optional<protocol::Message> readOne(const std::string &room, std::int64_t seq) const;
    std::vector<protocol::Message> readRows(SqliteStatement &st, const std::string &room) const;
};

} // namespace roomcast::server
