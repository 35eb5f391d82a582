#include "messagelistmodel.h"

#include "avatar.h"
#include "format.h"
#include "messagestore.h"
#include "session.h"

#include "client/roomsclient.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace roomcast::models {

using State = client::Outbox::State;

bool MessageListModel::retry(const QString &clientMsgId)
{
    Session *s = session();
    const int at = pendingRow(clientMsgId.toStdString());
    if (!s || at < 0 || m_rows[std::size_t(at)].state != State::Failed)
        return false;
    return s->client()->retry(clientMsgId);
}

void MessageListModel::attach()
{
    reload();
    Session *s = session();
    if (!s)
        return;
    track(connect(s->store(), &MessageStore::messagesAdded, this,
                  [this](const QString &room, const std::vector<protocol::Message> &added, bool) {
                      onAdded(room, added);
                  }));
    track(connect(s->store(), &MessageStore::roomReset, this, [this](const QString &room) {
        if (room == this->room())
            reload();
    }));
    track(connect(s->outbox(), &client::Outbox::entryChanged, this,
                  &MessageListModel::onEntryChanged));
    track(connect(s, &Session::userChanged, this, [this] {
        if (m_rows.empty())
            return;
        for (int i = 0; i < rowCount(); ++i)
            regroup(i);
        Q_EMIT dataChanged(index(0), index(rowCount() - 1),
                           {OwnRole, SenderIdRole, SenderNameRole, SenderInitialsRole,
                            SenderHueRole, DeliveryStateRole});
    }));
}

void MessageListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_stored = 0;
    Session *s = session();
    if (s && !room().isEmpty()) {
        for (const protocol::Message &m : s->store()->messages(room()))
            m_rows.push_back(Row::stored(m));
        m_stored = int(m_rows.size());
        const std::string roomName = room().toStdString();
        for (const client::Outbox::Entry &e : s->outbox()->all()) {
            if (e.room != roomName || e.state == State::Acknowledged)
                continue;
            m_rows.push_back(Row::pendingFrom(e));
        }
        for (int i = 0; i < int(m_rows.size()); ++i)
            m_rows[std::size_t(i)].firstOfGroup = startsGroup(i);
    }
    endResetModel();
}

void MessageListModel::onAdded(const QString &room, const std::vector<protocol::Message> &added)
{
    if (room != this->room())
        return;
    for (const protocol::Message &m : added) {
        // The server's copy replaces what was shown as pending.
        if (!m.clientMsgId.empty()) {
            const int at = pendingRow(m.clientMsgId);
            if (at >= 0) {
                beginRemoveRows({}, at, at);
                m_rows.erase(m_rows.begin() + at);
                endRemoveRows();
                regroup(at);
            }
        }
        insertStored(m);
    }
}

void MessageListModel::insertStored(const protocol::Message &message)
{
    const auto begin = m_rows.begin();
    const auto end = m_rows.begin() + m_stored;
    auto at = std::lower_bound(begin, end, message.seq,
                               [](const Row &r, std::int64_t seq) { return r.message.seq < seq; });
    if (at != end && at->message.seq == message.seq)
        return;
    const int row = int(at - begin);
    beginInsertRows({}, row, row);
    m_rows.insert(at, Row::stored(message));
    ++m_stored;
    m_rows[std::size_t(row)].firstOfGroup = startsGroup(row);
    endInsertRows();
    // Inserted before others (a backfill): the groups after it may start elsewhere now.
    for (int i = row + 1; i < rowCount(); ++i)
        regroup(i);
}

void MessageListModel::onEntryChanged(const QString &clientMsgId)
{
    Session *s = session();
    if (!s)
        return;
    const std::optional<client::Outbox::Entry> entry = s->outbox()->find(clientMsgId);
    if (!entry || QString::fromStdString(entry->room) != room())
        return;
    const std::string id = clientMsgId.toStdString();
    const int at = pendingRow(id);
    if (at >= 0) {
        Row &row = m_rows[std::size_t(at)];
        row.state = entry->state;
        row.error = entry->error;
        Q_EMIT dataChanged(index(at), index(at), {DeliveryStateRole, DeliveryErrorRole});
        return;
    }
    if (entry->state == State::Acknowledged)
        return; // its stored copy is (or will be) in the list
    const bool stored = std::any_of(m_rows.begin(), m_rows.begin() + m_stored,
                                    [&](const Row &r) { return r.message.clientMsgId == id; });
    if (stored)
        return;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rows.push_back(Row::pendingFrom(*entry));
    m_rows.back().firstOfGroup = startsGroup(row);
    endInsertRows();
}

int MessageListModel::pendingRow(const std::string &clientMsgId) const
{
    for (int i = m_stored; i < int(m_rows.size()); ++i) {
        if (m_rows[std::size_t(i)].message.clientMsgId == clientMsgId)
            return i;
    }
    return -1;
}

} // namespace roomcast::models
