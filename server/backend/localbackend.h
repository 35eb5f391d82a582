#pragma once

#include "roombackend.h"

#include <memory>
#include <unordered_map>

namespace roomcast::server {

class SqliteStore;

//! One node on its own: history in the embedded SQLite store, fan-out and presence in
//! memory. Every callback runs before the call returns.
class LocalBackend final : public RoomBackend
{
public:
    explicit LocalBackend(std::unique_ptr<SqliteStore> store);
    ~LocalBackend() override;

    void setEvents(Events events) override { m_events = std::move(events); }
    void append(protocol::Message message, std::function<void(const AppendResult &)> done) override;
    void watch(const std::string &room, std::function<void(bool)> ready) override;
    void unwatch(const std::string &) override {}
    void readForSubscribe(const std::string &room, const std::optional<protocol::Since> &since,
                          int limit, BackendReply<SubscribeRead> done) override;
    void readHistory(const std::string &room, std::optional<std::int64_t> before, int limit,
                     BackendReply<HistoryRead> done) override;
    void readPresence(const std::string &room,
                      BackendReply<std::vector<protocol::UserRef>> done) override;
    void search(const std::string &room, const search::Query &query, int limit,
                BackendReply<std::vector<protocol::Message>> done) override;
    void announcePresence(const std::string &room, const protocol::UserRef &user, bool joined,
                          std::int64_t tsMs) override;
    void announceTyping(const std::string &room, const protocol::UserRef &user) override;
    void flush() override;
    bool storeUp() const override { return m_store != nullptr; }
    std::string epoch(const std::string &room) const override;
    bool busUp() const override { return true; }

private:
    std::vector<protocol::UserRef> users(const std::string &room) const;

    std::unique_ptr<SqliteStore> m_store;
    Events m_events;
    //! room → user id → user, as announced (users within their grace period included)
    std::unordered_map<std::string, std::unordered_map<std::string, protocol::UserRef>> m_presence;
};

} // namespace roomcast::server
