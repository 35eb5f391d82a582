#include "roomsclient.h"

#include "connection.h"
#include "logging.h"
#include "outbox.h"

#include <QTimer>

namespace roomcast::client {

namespace {
template <class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

const std::string kPublishPrefix = "pub:";
const std::string kRoomPrefix = "room:";
const std::string kSearchPrefix = "search:";
const std::string kHistoryPrefix = "history:";

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

//! Errors after which re-sending the same publish later can succeed.
bool isTransient(const std::string &code)
{
    return code == "unavailable" || code == "rate_limited" || code == "internal";
}
} // namespace

RoomsClient::RoomsClient(Connection *connection, Outbox *outbox, QObject *parent)
    : QObject(parent), m_connection(connection), m_outbox(outbox)
{
    connect(m_connection, &Connection::welcomed, this, &RoomsClient::onWelcomed);
    connect(m_connection, &Connection::frameReceived, this, &RoomsClient::onFrame);
    // A room is in sync only within the session its `subscribed` came in: once the
    // connection is lost, every room says so at once (not only at the next welcome).
    connect(m_connection, &Connection::stateChanged, this, [this] {
        if (m_connection->state() == Connection::State::Connected)
            return;
        std::vector<std::string> wereSynced;
        for (const std::string &room : m_tracker.rooms())
            if (const RoomTracker::Status *status = m_tracker.status(room);
                status && status->synced)
                wereSynced.push_back(room);
        if (wereSynced.empty())
            return;
        m_tracker.onDisconnected();
        for (const std::string &room : wereSynced)
            Q_EMIT roomStatusChanged(q(room));
    });
}

RoomsClient::~RoomsClient() = default;

void RoomsClient::join(const std::string &room)
{
    if (m_tracker.contains(room))
        return;
    m_tracker.add(room);
    Q_EMIT roomStatusChanged(q(room));
    const int id = m_nextId++;
    m_pendingByRequestId[std::to_string(id)] = kRoomPrefix + room;
    m_connection->send(protocol::Request{id, m_tracker.subscribeRequest(room)});
}

int RoomsClient::search(const std::string &room, const std::string &query, int limit)
{
    const int id = m_nextId++;
    if (!m_connection->send(protocol::Request{id, protocol::SearchRequest{room, query, limit}}))
        return 0;
    m_pendingByRequestId[std::to_string(id)] = kSearchPrefix + room;
    return id;
}

int RoomsClient::history(const std::string &room, std::int64_t before, int limit)
{
    const int id = m_nextId++;
    if (!m_connection->send(protocol::Request{id, protocol::HistoryRequest{room, before, limit}}))
        return 0;
    m_pendingByRequestId[std::to_string(id)] = kHistoryPrefix + room;
    return id;
}

void RoomsClient::leave(const std::string &room)
{
    if (!m_tracker.contains(room))
        return;
    m_tracker.remove(room);
    m_presence.erase(room);
    m_connection->send(protocol::Request{nullptr, protocol::Unsubscribe{room}});
    Q_EMIT roomStatusChanged(q(room));
}

QString RoomsClient::publish(const std::string &room, const std::string &kind,
                             const protocol::Json &body)
{
    const Outbox::Entry entry = m_outbox->enqueue(room, kind, body);
    if (m_connection->state() == Connection::State::Connected)
        flushOutbox();
    return entry.clientMsgId;
}

bool RoomsClient::retry(const QString &clientMsgId)
{
    if (!m_outbox->requeue(clientMsgId))
        return false;
    flushOutbox(); // a no-op while not connected: onWelcomed() sends it then
    return true;
}

void RoomsClient::sendTyping(const std::string &room)
{
    m_connection->send(protocol::Request{nullptr, protocol::TypingRequest{room}});
}

const std::vector<protocol::UserRef> &RoomsClient::presence(const std::string &room) const
{
    static const std::vector<protocol::UserRef> none;
    auto it = m_presence.find(room);
    return it == m_presence.end() ? none : it->second;
}

void RoomsClient::onWelcomed()
{
    // A new session: every room resubscribes from where it stands, then everything not yet
    // acknowledged is sent again (the server's idempotency makes that safe).
    m_tracker.onDisconnected();
    m_pendingByRequestId.clear();
    m_outbox->requeueSending();
    for (const std::string &room : m_tracker.rooms()) {
        const int id = m_nextId++;
        m_pendingByRequestId[std::to_string(id)] = kRoomPrefix + room;
        m_connection->send(protocol::Request{id, m_tracker.subscribeRequest(room)});
    }
    flushOutbox();
}

void RoomsClient::flushOutbox()
{
    if (m_connection->state() != Connection::State::Connected)
        return;
    for (const Outbox::Entry &e : m_outbox->unacknowledged()) {
        if (e.state != Outbox::State::Queued)
            continue;
        const int id = m_nextId++;
        protocol::Publish publish{e.room, e.kind, e.body, e.clientMsgId.toStdString()};
        if (!m_connection->send(protocol::Request{id, std::move(publish)}))
            return;
        m_pendingByRequestId[std::to_string(id)] = kPublishPrefix + e.clientMsgId.toStdString();
        m_outbox->markSending(e.clientMsgId);
    }
}

void RoomsClient::apply(const std::string &room, const RoomTracker::Outcome &outcome)
{
    if (!outcome.deliver.empty())
        Q_EMIT messagesArrived(q(room), outcome.deliver);
    if (outcome.fetch) {
        qCDebug(lcClient) << "gap in" << q(room) << "- fetching history before"
                          << outcome.fetch->before.value_or(0);
        m_connection->send(protocol::Request{m_nextId++, *outcome.fetch});
    }
    Q_EMIT roomStatusChanged(q(room));
}

void RoomsClient::onFrame(const protocol::ServerFrame &frame)
{
    const auto requestKey = [](const protocol::Json &id) {
        return id.is_number_integer() ? std::to_string(id.get<std::int64_t>()) : std::string();
    };
    std::visit(
        Overloaded{
            [&](const protocol::Subscribed &f) {
                if (!m_tracker.contains(f.room))
                    return;
                m_presence[f.room] = f.presence;
                Q_EMIT presenceChanged(q(f.room));
                apply(f.room, m_tracker.onSubscribed(f));
            },
            [&](const protocol::Message &m) {
                if (m_tracker.contains(m.room))
                    apply(m.room, m_tracker.onMessage(m));
            },
            [&](const protocol::HistoryReply &f) {
                if (auto it = m_pendingByRequestId.find(requestKey(f.id));
                    it != m_pendingByRequestId.end() && it->second.rfind(kHistoryPrefix, 0) == 0) {
                    m_pendingByRequestId.erase(it);
                    Q_EMIT historyLoaded(static_cast<int>(f.id.get<std::int64_t>()), q(f.room),
                                         f.messages);
                    return;
                }
                if (m_tracker.contains(f.room))
                    apply(f.room, m_tracker.onHistory(f));
            },
            [&](const protocol::Ack &a) {
                auto it = m_pendingByRequestId.find(requestKey(a.id));
                if (it == m_pendingByRequestId.end() || it->second.rfind(kPublishPrefix, 0) != 0)
                    return;
                m_outbox->markAcknowledged(q(it->second.substr(kPublishPrefix.size())), a.seq);
                m_pendingByRequestId.erase(it);
            },
            [&](const protocol::ErrorReply &e) {
                auto it = m_pendingByRequestId.find(requestKey(e.id));
                if (it == m_pendingByRequestId.end())
                    return;
                const std::string target = it->second;
                m_pendingByRequestId.erase(it);
                if (target.rfind(kPublishPrefix, 0) == 0) {
                    const QString cmid = q(target.substr(kPublishPrefix.size()));
                    if (!isTransient(e.code)) {
                        m_outbox->markFailed(cmid, q(e.message));
                        return;
                    }
                    m_outbox->requeueSending();
                    QTimer::singleShot(static_cast<int>(e.retryAfterMs.value_or(1000)), this,
                                       &RoomsClient::flushOutbox);
                    return;
                }
                const int id = static_cast<int>(e.id.get<std::int64_t>());
                if (target.rfind(kSearchPrefix, 0) == 0) {
                    Q_EMIT searchFailed(id, q(e.code), q(e.message));
                    return;
                }
                if (target.rfind(kHistoryPrefix, 0) == 0) {
                    Q_EMIT historyFailed(id, q(e.code), q(e.message));
                    return;
                }
                const std::string room = target.substr(kRoomPrefix.size());
                Q_EMIT requestFailed(q(room), q(e.code), q(e.message));
            },
            [&](const protocol::PresenceEvent &p) {
                auto &users = m_presence[p.room];
                std::erase_if(users, [&](const protocol::UserRef &u) { return u.id == p.user.id; });
                if (p.joined)
                    users.push_back(p.user);
                Q_EMIT presenceChanged(q(p.room));
                if (p.joined)
                    Q_EMIT userJoined(q(p.room), p.user);
                else
                    Q_EMIT userLeft(q(p.room), p.user);
            },
            [&](const protocol::TypingEvent &t) { Q_EMIT typing(q(t.room), t.user); },
            [&](const protocol::SearchReply &r) {
                if (m_pendingByRequestId.erase(requestKey(r.id)) == 1)
                    Q_EMIT searchFinished(static_cast<int>(r.id.get<std::int64_t>()), q(r.room),
                                          r.results);
            },
            [&](const protocol::Unsubscribed &u) {
                if (u.reason.empty() || !m_tracker.contains(u.room))
                    return;
                m_tracker.remove(u.room);
                m_presence.erase(u.room);
                Q_EMIT roomStatusChanged(q(u.room));
                Q_EMIT requestFailed(q(u.room), q(u.reason), QStringLiteral("no longer allowed"));
            },
            [](const auto &) {},
        },
        frame);
}

} // namespace roomcast::client
