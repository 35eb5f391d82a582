#include "messagestore.h"

#include "logging.h"

#include "client/roomsclient.h"

#include <algorithm>

namespace roomcast::models {

MessageStore::MessageStore(client::RoomsClient *client, QObject *parent)
    : QObject(parent), m_client(client)
{
    connect(client, &client::RoomsClient::messagesArrived, this, &MessageStore::onMessages);
    connect(client, &client::RoomsClient::roomStatusChanged, this, &MessageStore::onStatus);
}

const std::vector<protocol::Message> &MessageStore::messages(const QString &room) const
{
    static const std::vector<protocol::Message> none;
    auto it = m_rooms.find(room);
    return it == m_rooms.end() ? none : it->second.messages;
}

bool MessageStore::hasSynced(const QString &room) const
{
    auto it = m_rooms.find(room);
    return it != m_rooms.end() && it->second.synced;
}

bool MessageStore::allSynced() const
{
    const std::vector<std::string> rooms = m_client->rooms();
    return !rooms.empty() && std::all_of(rooms.begin(), rooms.end(), [this](const std::string &r) {
        return hasSynced(QString::fromStdString(r));
    });
}

void MessageStore::onMessages(const QString &room, const std::vector<protocol::Message> &messages)
{
    Room &r = m_rooms[room];
    // A new epoch means the server's history of the room started over: seqs restart, so the
    // old ones cannot be merged with the new ones.
    if (const auto *status = m_client->status(room.toStdString())) {
        if (!r.epoch.empty() && status->epoch != r.epoch && !r.messages.empty()) {
            qCInfo(lcModels) << "room" << room << "has a new epoch: history starts over";
            r.messages.clear();
            Q_EMIT roomReset(room);
        }
        r.epoch = status->epoch;
    }

    std::vector<protocol::Message> added;
    added.reserve(messages.size());
    for (const protocol::Message &m : messages) {
        auto &list = r.messages;
        if (list.empty() || m.seq > list.back().seq) {
            list.push_back(m);
        } else {
            auto at = std::lower_bound(
                list.begin(), list.end(), m.seq,
                [](const protocol::Message &a, std::int64_t seq) { return a.seq < seq; });
            if (at != list.end() && at->seq == m.seq)
                continue;
            list.insert(at, m);
        }
        added.push_back(m);
    }
    if (r.messages.size() > kMaxPerRoom)
        r.messages.erase(r.messages.begin(),
                         r.messages.begin() +
                             static_cast<std::ptrdiff_t>(r.messages.size() - kMaxPerRoom));
    if (!added.empty())
        Q_EMIT messagesAdded(room, added, r.synced);
}

void MessageStore::onStatus(const QString &room)
{
    const auto *status = m_client->status(room.toStdString());
    if (!status) {
        if (m_rooms.erase(room) > 0)
            Q_EMIT roomReset(room);
        Q_EMIT syncChanged();
        return;
    }
    auto [it, inserted] = m_rooms.try_emplace(room);
    if (status->synced && !it->second.synced) {
        it->second.synced = true;
        Q_EMIT syncChanged();
    } else if (inserted) {
        Q_EMIT syncChanged();
    }
}

} // namespace roomcast::models
