// SqliteStore's read side (the second connection, owner's thread only) and its in-memory
// idempotency keys.

#include "sqlitestore.h"

#include "logging.h"
#include "sqlitestore_p.h"

#include <algorithm>

namespace roomcast::server {

namespace {
constexpr const char *kColumns = "seq, ts, user_id, user_name, kind, body, client_msg_id";
}

std::string SqliteStore::Impl::keyOf(const std::string &userId, const std::string &clientMsgId)
{
    return std::to_string(userId.size()) + ':' + userId + clientMsgId; // unambiguous
}

std::string SqliteStore::Impl::keyOf(const protocol::Message &m)
{
    return keyOf(m.from.id, m.clientMsgId);
}

const CommittedKey *SqliteStore::Impl::findCommitted(const std::string &key)
{
    const auto it = keys.find(key);
    if (it == keys.end())
        return nullptr;
    if (now() - it->second.tsMs >= window()) { // expired: a repeat is stored anew
        keys.erase(it);
        return nullptr;
    }
    return &it->second;
}

void SqliteStore::Impl::rememberKey(const protocol::Message &m)
{
    const std::string key = keyOf(m);
    keys[key] = CommittedKey{m.room, m.seq, m.tsMs};
    keyOrder.emplace_back(m.tsMs, key);
}

void SqliteStore::Impl::expireKeys()
{
    const std::int64_t limit = now() - window();
    while (!keyOrder.empty() && keyOrder.front().first <= limit) {
        const auto &[ts, key] = keyOrder.front();
        const auto it = keys.find(key);
        if (it != keys.end() && it->second.tsMs == ts)
            keys.erase(it);
        keyOrder.pop_front();
    }
}

std::int64_t SqliteStore::Impl::announcedSeq(const std::string &room) const
{
    const auto it = rooms.find(room);
    return it == rooms.end() ? 0 : it->second.announced;
}

bool SqliteStore::Impl::prepareReads(QString *error)
{
    const std::string columns = kColumns;
    const std::string after = "SELECT " + columns +
                              " FROM messages WHERE room = ?1 AND seq > ?2 AND seq <= ?3 "
                              "ORDER BY seq LIMIT ?4";
    const std::string before = "SELECT " + columns +
                               " FROM messages WHERE room = ?1 AND seq <= ?2 "
                               "ORDER BY seq DESC LIMIT ?3";
    const std::string one = "SELECT " + columns + " FROM messages WHERE room = ?1 AND seq = ?2";
    firstSeq = readDb.prepare("SELECT MIN(seq) FROM messages WHERE room = ?1 AND seq <= ?2", error);
    this->after = readDb.prepare(after.c_str(), error);
    this->before = readDb.prepare(before.c_str(), error);
    this->one = readDb.prepare(one.c_str(), error);
    return firstSeq.isValid() && this->after.isValid() && this->before.isValid() &&
           this->one.isValid() && prepareSearch(error);
}

bool SqliteStore::Impl::loadState(QString *error)
{
    SqliteStatement roomRows = readDb.prepare("SELECT room, epoch, seq FROM rooms", error);
    if (!roomRows.isValid())
        return false;
    while (roomRows.step()) {
        const std::int64_t seq = roomRows.int64(2);
        rooms[roomRows.text(0)] = RoomInfo{roomRows.text(1), seq, seq};
    }
    SqliteStatement keyRows = readDb.prepare("SELECT user_id, client_msg_id, room, seq, ts "
                                             "FROM idempotency WHERE ts > ?1 ORDER BY ts",
                                             error);
    if (!roomRows.ok() || !keyRows.isValid()) {
        *error = readDb.errorMessage();
        return false;
    }
    keyRows.bind(1, now() - window());
    while (keyRows.step()) {
        const std::string key = keyOf(keyRows.text(0), keyRows.text(1));
        const std::int64_t ts = keyRows.int64(4);
        keys[key] = CommittedKey{keyRows.text(2), keyRows.int64(3), ts};
        keyOrder.emplace_back(ts, key);
    }
    if (!keyRows.ok())
        *error = readDb.errorMessage();
    return keyRows.ok();
}

std::vector<protocol::Message> SqliteStore::Impl::readRows(SqliteStatement &st,
                                                           const std::string &room) const
{
    StatementScope scope(st);
    std::vector<protocol::Message> messages;
    while (st.step()) {
        protocol::Message m;
        m.room = room;
        m.seq = st.int64(0);
        m.tsMs = st.int64(1);
        m.from = protocol::UserRef{st.text(2), st.text(3)};
        m.kind = st.text(4);
        m.body = protocol::Json::parse(st.text(5), nullptr, false);
        if (!m.body.is_object()) {
            qCWarning(lcStore) << "stored body of" << QString::fromStdString(room) << "seq" << m.seq
                               << "is not a JSON object";
            m.body = protocol::Json::object();
        }
        m.clientMsgId = st.text(6);
        messages.push_back(std::move(m));
    }
    if (!st.ok()) {
        qCWarning(lcStore) << "reading" << QString::fromStdString(room)
                           << "failed:" << readDb.errorMessage();
        if (readError.empty())
            readError = readDb.errorMessage().toStdString();
    }
    return messages;
}

std::optional<protocol::Message> SqliteStore::Impl::readOne(const std::string &room,
                                                            std::int64_t seq) const
{
    one.bind(1, room);
    one.bind(2, seq);
    std::vector<protocol::Message> rows = readRows(one, room);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

RoomState SqliteStore::roomState(const std::string &room) const
{
    const auto it = d->rooms.find(room);
    if (it == d->rooms.end())
        return RoomState{d->epoch, 0, 1};
    RoomState state{it->second.epoch, it->second.announced, it->second.announced + 1};
    if (state.seq > 0) {
        StatementScope scope(d->firstSeq);
        d->firstSeq.bind(1, room);
        d->firstSeq.bind(2, state.seq);
        if (d->firstSeq.step() && !d->firstSeq.isNull(0))
            state.firstSeq = d->firstSeq.int64(0);
        else if (!d->firstSeq.ok()) {
            qCWarning(lcStore) << "reading" << QString::fromStdString(room)
                               << "failed:" << d->readDb.errorMessage();
            if (d->readError.empty())
                d->readError = d->readDb.errorMessage().toStdString();
        }
    }
    return state;
}

std::vector<protocol::Message> SqliteStore::messagesAfter(const std::string &room,
                                                          std::int64_t afterSeq, int limit) const
{
    const std::int64_t announced = d->announcedSeq(room);
    if (limit <= 0 || afterSeq >= announced)
        return {};
    d->after.bind(1, room);
    d->after.bind(2, afterSeq);
    d->after.bind(3, announced);
    d->after.bind(4, std::int64_t{limit});
    return d->readRows(d->after, room);
}

std::vector<protocol::Message> SqliteStore::messagesBefore(const std::string &room,
                                                           std::optional<std::int64_t> beforeSeq,
                                                           int limit, bool *more) const
{
    if (more)
        *more = false;
    std::int64_t bound = d->announcedSeq(room);
    if (beforeSeq && *beforeSeq <= bound)
        bound = *beforeSeq - 1;
    if (bound < 1)
        return {};
    const int wanted = std::max(limit, 0);
    d->before.bind(1, room);
    d->before.bind(2, bound);
    d->before.bind(3, std::int64_t{wanted} + 1); // one extra row tells whether there is more
    std::vector<protocol::Message> messages = d->readRows(d->before, room);
    if (messages.size() > static_cast<std::size_t>(wanted)) {
        messages.pop_back();
        if (more)
            *more = true;
    }
    std::reverse(messages.begin(), messages.end());
    return messages;
}

std::optional<protocol::Error> SqliteStore::takeReadError() const
{
    if (d->readError.empty())
        return std::nullopt;
    protocol::Error error{protocol::ErrorCode::Unavailable, "",
                          "the message store could not be read (" + d->readError +
                              "); retry later"};
    d->readError.clear();
    return error;
}

} // namespace roomcast::server
