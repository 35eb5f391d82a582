#pragma once

#include "protocol/expected.h"
#include "protocol/frames.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace roomcast::client {

//! Publishes survive anything: each gets a client_msg_id and is written to a local SQLite
//! file before it is sent; it stays until acknowledged, and is re-sent after every
//! reconnect and after the app restarts. The server's idempotency makes re-sending safe.
class Outbox : public QObject
{
    Q_OBJECT
public:
    enum class State { Queued, Sending, Acknowledged, Failed };
    Q_ENUM(State)

    struct Entry
    {
        QString clientMsgId;
        std::string room;
        std::string kind;
        protocol::Json body;
        State state = State::Queued;
        QString error;        //!< why it failed, in words
        std::int64_t seq = 0; //!< once acknowledged
        std::int64_t createdMs = 0;
    };

    //! Opens (creating) the outbox file; `path` is a file name, e.g. under the app's data
    //! location. Errors are one clear line.
    static protocol::Expected<std::unique_ptr<Outbox>> open(const QString &path);
    //! Milliseconds since the Unix epoch; injectable so that tests are exact.
    using Clock = std::function<std::int64_t()>;
    static protocol::Expected<std::unique_ptr<Outbox>> open(const QString &path, Clock clock);
    ~Outbox() override;

    //! Stores a new publish durably and returns its entry (state Queued).
    Entry enqueue(const std::string &room, const std::string &kind, const protocol::Json &body);
    //! Entries not yet acknowledged nor failed, oldest first (what to (re)send).
    std::vector<Entry> unacknowledged() const;
    std::vector<Entry> all() const;
    std::optional<Entry> find(const QString &clientMsgId) const;
    int depth() const; //!< how many wait for an ack

    void markSending(const QString &clientMsgId);
    void markAcknowledged(const QString &clientMsgId, std::int64_t seq);
    //! Final failures only (validation, forbidden); `unavailable` and rate limits stay queued.
    void markFailed(const QString &clientMsgId, const QString &reason);
    //! Every Sending entry goes back to Queued (connection lost).
    void requeueSending();
    //! A Failed entry goes back to Queued with its reason cleared (the person pressed Retry,
    //! e.g. after a token with publish rights replaced a read-only one); it keeps its
    //! client_msg_id, so a copy the server did store is not stored twice. False (and no
    //! change) for any other state or an unknown id.
    bool requeue(const QString &clientMsgId);

Q_SIGNALS:
    void entryChanged(const QString &clientMsgId);
    void depthChanged();

private:
    Outbox();
    //! Runs one UPDATE on an entry (?1 id, ?2 seq, ?3 error) and emits what changed; true
    //! when a row changed.
    bool change(const QString &clientMsgId, const char *sql, std::int64_t seq = 0,
                const QString &error = {});
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace roomcast::client
