#include "localbackend.h"

#include "store/sqlitestore.h"

#include "protocol/codec.h"

#include <algorithm>

namespace roomcast::server {

void sortById(std::vector<protocol::UserRef> &users)
{
    std::sort(users.begin(), users.end(),
              [](const protocol::UserRef &a, const protocol::UserRef &b) { return a.id < b.id; });
}

namespace {
constexpr int kMaxRecovery = 500; //!< PROTOCOL.md 9: recovery returns up to 500 messages

std::vector<std::string> encodeAll(const std::vector<protocol::Message> &messages)
{
    std::vector<std::string> out;
    out.reserve(messages.size());
    for (const protocol::Message &m : messages)
        out.push_back(protocol::encodeMessage(m));
    return out;
}
} // namespace

LocalBackend::LocalBackend(std::unique_ptr<SqliteStore> store) : m_store(std::move(store)) {}

LocalBackend::~LocalBackend() = default;

void LocalBackend::append(protocol::Message message, std::function<void(const AppendResult &)> done)
{
    m_store->append(std::move(message), [this, done = std::move(done)](const AppendResult &r) {
        // The ack first: sockets are flushed at the end of the pass in the order they were
        // first written, so an ack written after a large room's fan-out would wait for all
        // of it (PROTOCOL.md lets the ack come before or after the publisher's own copy).
        if (done)
            done(r);
        if (r.ok && !r.duplicate && m_events.deliver)
            m_events.deliver(r.message.room, r.message.seq,
                             QByteArray::fromStdString(protocol::encodeMessage(r.message)), {});
    });
}

std::string LocalBackend::epoch(const std::string &room) const
{
    return m_store ? m_store->roomState(room).epoch : std::string();
}

void LocalBackend::watch(const std::string &, std::function<void(bool)> ready)
{
    ready(true); // every event of this node passes through append()/announce*() above
}

void LocalBackend::readForSubscribe(const std::string &room,
                                    const std::optional<protocol::Since> &since, int limit,
                                    BackendReply<SubscribeRead> done)
{
    m_store->takeReadError(); // only failures of the reads below count
    SubscribeRead read;
    read.state = m_store->roomState(room);
    const RoomState &state = read.state;
    if (since && since->epoch == state.epoch && since->seq <= state.seq &&
        since->seq >= state.firstSeq - 1 && state.seq - since->seq <= kMaxRecovery) {
        const auto missed = m_store->messagesAfter(room, since->seq, kMaxRecovery);
        // Retention runs on the writer thread: trust only a complete range.
        read.recovered = static_cast<std::int64_t>(missed.size()) == state.seq - since->seq;
        if (read.recovered)
            read.history = encodeAll(missed);
    }
    if (!read.recovered)
        read.history = encodeAll(m_store->messagesBefore(room, std::nullopt, limit));
    read.presence = users(room);
    if (auto error = m_store->takeReadError()) {
        done(*error);
        return;
    }
    done(std::move(read));
}

void LocalBackend::readHistory(const std::string &room, std::optional<std::int64_t> before,
                               int limit, BackendReply<HistoryRead> done)
{
    m_store->takeReadError();
    HistoryRead read;
    read.messages = encodeAll(m_store->messagesBefore(room, before, limit, &read.more));
    if (auto error = m_store->takeReadError()) {
        done(*error);
        return;
    }
    done(std::move(read));
}

void LocalBackend::readPresence(const std::string &room,
                                BackendReply<std::vector<protocol::UserRef>> done)
{
    done(users(room));
}

void LocalBackend::search(const std::string &room, const search::Query &query, int limit,
                          BackendReply<std::vector<protocol::Message>> done)
{
    m_store->takeReadError();
    done(m_store->search(room, query.toFts5(), limit));
}

std::vector<protocol::UserRef> LocalBackend::users(const std::string &room) const
{
    std::vector<protocol::UserRef> out;
    if (auto it = m_presence.find(room); it != m_presence.end())
        for (const auto &[id, user] : it->second)
            out.push_back(user);
    sortById(out);
    return out;
}

void LocalBackend::announcePresence(const std::string &room, const protocol::UserRef &user,
                                    bool joined, std::int64_t tsMs)
{
    if (joined) {
        m_presence[room][user.id] = user;
    } else if (auto it = m_presence.find(room); it != m_presence.end()) {
        it->second.erase(user.id);
        if (it->second.empty())
            m_presence.erase(it);
    }
    const protocol::PresenceEvent event{joined, room, user, tsMs};
    if (m_events.deliver)
        m_events.deliver(room, 0,
                         QByteArray::fromStdString(protocol::encode(protocol::ServerFrame(event))),
                         joined ? user.id : std::string());
}

void LocalBackend::announceTyping(const std::string &room, const protocol::UserRef &user)
{
    const protocol::TypingEvent event{room, user};
    if (m_events.deliver)
        m_events.deliver(room, 0,
                         QByteArray::fromStdString(protocol::encode(protocol::ServerFrame(event))),
                         user.id);
}

void LocalBackend::flush()
{
    m_store->flush();
}

} // namespace roomcast::server
