// SqliteStore: appends, group commit and callbacks.

#include "sqlitestore.h"

#include "logging.h"
#include "sqlitestore_p.h"

#include <algorithm>
#include <unordered_map>

namespace roomcast::server {

namespace {
constexpr std::int64_t kKeyPurgeIntervalMs = 60000;
}

void SqliteStore::append(protocol::Message message, AppendCallback done)
{
    auto outcome = std::make_shared<Outcome>();
    bool repeat = false;
    if (!message.clientMsgId.empty()) {
        const std::string key = Impl::keyOf(message);
        if (auto it = d->inflightKeys.find(key); it != d->inflightKeys.end()) {
            outcome = it->second; // same result as the first, once it is known
            repeat = true;
        } else if (const CommittedKey *committed = d->findCommitted(key)) {
            std::optional<protocol::Message> original = d->readOne(committed->room, committed->seq);
            if (!original) { // trimmed by retention: what the key row and the repeat tell
                original = std::move(message);
                original->room = committed->room;
                original->seq = committed->seq;
                original->tsMs = committed->tsMs;
            }
            outcome->resolved = true;
            outcome->result = AppendResult{true, {}, std::move(*original), true};
        } else {
            d->inflightKeys.emplace(key, outcome);
        }
    }
    d->callbacks.push_back(CallbackEntry{std::move(done), outcome, repeat});
    if (outcome->resolved) {
        scheduleDrain();
    } else if (!repeat) {
        d->pending.emplace_back(std::move(message), std::move(outcome));
        scheduleBatch();
    }
}

void SqliteStore::scheduleBatch()
{
    if (d->batch || d->batchScheduled)
        return; // finishBatch() starts the next one
    d->batchScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            d->batchScheduled = false;
            startBatch();
        },
        Qt::QueuedConnection);
}

void SqliteStore::startBatch()
{
    if (d->batch || d->pending.empty())
        return;
    const std::int64_t now = d->now();
    d->expireKeys();
    auto batch = std::make_shared<StoreBatch>();
    batch->id = d->nextBatchId++;
    batch->messages.reserve(d->pending.size());
    d->batchOutcomes.reserve(d->pending.size());
    std::unordered_map<std::string, std::int64_t> lastSeq; // starts from the committed seq
    for (auto &[message, outcome] : d->pending) {
        auto [it, inserted] = lastSeq.try_emplace(message.room, 0);
        if (inserted) {
            const auto room = d->rooms.find(message.room);
            it->second = room == d->rooms.end() ? 0 : room->second.committed;
        }
        message.seq = ++it->second;
        message.tsMs = now;
        batch->messages.push_back(std::move(message));
        d->batchOutcomes.push_back(std::move(outcome));
    }
    d->pending.clear();
    batch->lastSeqs.assign(lastSeq.begin(), lastSeq.end());
    if (!d->lastKeyPurge || now - *d->lastKeyPurge >= kKeyPurgeIntervalMs) {
        batch->purgeIdempotencyBefore = now - d->window();
        d->lastKeyPurge = now;
    }
    d->batch = batch;
    SqliteWriter *writer = d->writer.get();
    QMetaObject::invokeMethod(
        writer, [writer, batch] { writer->commit(batch); }, Qt::QueuedConnection);
}

void SqliteStore::onBatchFinished(quint64 batchId)
{
    if (d->batch && d->batch->id == batchId) // else flush() already took care of it
        finishBatch();
}

void SqliteStore::finishBatch()
{
    const std::shared_ptr<StoreBatch> batch = std::move(d->batch);
    d->batch.reset();
    std::vector<std::shared_ptr<Outcome>> outcomes = std::move(d->batchOutcomes);
    d->batchOutcomes.clear();
    const bool ok = batch->succeeded();
    if (ok) {
        ++d->committedBatches;
        for (const auto &[name, seq] : batch->lastSeqs) {
            auto [room, inserted] = d->rooms.try_emplace(name);
            if (inserted)
                room->second.epoch = d->epoch;
            room->second.committed = seq;
        }
    }
    const protocol::Error failure{protocol::ErrorCode::Unavailable, std::string(),
                                  "storage unavailable: " + batch->error().toStdString()};
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        protocol::Message &message = batch->messages[i];
        if (!message.clientMsgId.empty()) {
            d->inflightKeys.erase(Impl::keyOf(message));
            if (ok)
                d->rememberKey(message);
        }
        if (!ok)
            message.seq = message.tsMs = 0; // nothing stored: the seq will be reused
        outcomes[i]->resolved = true;
        outcomes[i]->result =
            AppendResult{ok, ok ? protocol::Error{} : failure, std::move(message), false};
    }
    outcomes.clear(); // callbacks may now take the results by move
    // Publishes that arrived while this batch committed are the next batch. Its commit is
    // short next to a large room's fan-out, so this batch's acks and fan-out wait for it
    // (once, never twice in a row) and both leave in one event-loop pass: one send() per
    // subscriber instead of two. Nothing waits longer than one commit.
    if (!d->holding && !d->pending.empty()) {
        d->holding = true;
        startBatch();
        return;
    }
    d->holding = false;
    drainCallbacks();
    startBatch();
}

void SqliteStore::scheduleDrain()
{
    if (d->drainScheduled)
        return;
    d->drainScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            d->drainScheduled = false;
            drainCallbacks();
        },
        Qt::QueuedConnection);
}

void SqliteStore::drainCallbacks()
{
    // Re-entrant: a callback may append (queued behind) or flush (continues this loop).
    while (!d->callbacks.empty() && d->callbacks.front().outcome->resolved) {
        CallbackEntry entry = std::move(d->callbacks.front());
        d->callbacks.pop_front();
        AppendResult result = entry.outcome.use_count() == 1 ? std::move(entry.outcome->result)
                                                             : entry.outcome->result;
        if (entry.repeat && result.ok)
            result.duplicate = true;
        if (result.ok && !result.duplicate) {
            RoomInfo &room = d->rooms[result.message.room];
            room.announced = std::max(room.announced, result.message.seq);
        }
        if (entry.done)
            entry.done(result);
    }
}

void SqliteStore::flush()
{
    while (!d->callbacks.empty() || !d->pending.empty() || d->batch) {
        if (d->batch) {
            d->batch->wait();
            finishBatch();
        } else if (!d->pending.empty()) {
            startBatch();
        } else if (d->callbacks.front().outcome->resolved) {
            drainCallbacks();
        } else {
            qCWarning(lcStore) << "flush: an append waits for nothing";
            break;
        }
    }
}

int SqliteStore::pendingCount() const
{
    return static_cast<int>(d->callbacks.size());
}

int SqliteStore::committedBatchCount() const
{
    return d->committedBatches;
}

} // namespace roomcast::server
