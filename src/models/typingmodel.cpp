#include "typingmodel.h"

#include "format.h"
#include "messagestore.h"
#include "session.h"

#include "client/roomsclient.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>

namespace roomcast::models {

TypingModel::TypingModel(QObject *parent) : RoomBoundModel(parent)
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return elapsed->elapsed(); };
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TypingModel::expire);
    connect(this, &RoomBoundModel::countChanged, this, &TypingModel::textChanged);
}

int TypingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QHash<int, QByteArray> TypingModel::roleNames() const
{
    return {{UserIdRole, "userId"}, {NameRole, "name"}};
}

QVariant TypingModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::UserRef &u = m_entries[std::size_t(index.row())].user;
    if (role == UserIdRole)
        return QString::fromStdString(u.id);
    if (role == NameRole)
        return QString::fromStdString(u.name.empty() ? u.id : u.name);
    return {};
}

QString TypingModel::text() const
{
    QStringList names;
    for (const Entry &e : m_entries)
        names << QString::fromStdString(e.user.name.empty() ? e.user.id : e.user.name);
    return format::typingText(names);
}

void TypingModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void TypingModel::onTyping(const protocol::UserRef &user)
{
    if (session() && QString::fromStdString(user.id) == session()->userId())
        return;
    const std::int64_t now = m_clock();
    auto it = std::find_if(m_entries.begin(), m_entries.end(),
                           [&](const Entry &e) { return e.user.id == user.id; });
    if (it != m_entries.end()) {
        it->sinceMs = now;
    } else {
        beginInsertRows({}, rowCount(), rowCount());
        m_entries.push_back(Entry{user, now});
        endInsertRows();
    }
    schedule();
}

void TypingModel::onMessageFrom(const std::string &userId)
{
    for (int i = rowCount() - 1; i >= 0; --i) {
        if (m_entries[std::size_t(i)].user.id == userId)
            remove(i);
    }
    schedule();
}

void TypingModel::expire()
{
    const std::int64_t now = m_clock();
    for (int i = rowCount() - 1; i >= 0; --i) {
        if (now - m_entries[std::size_t(i)].sinceMs >= kShowMs)
            remove(i);
    }
    schedule();
}

void TypingModel::clear()
{
    if (m_entries.empty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
    m_timer.stop(); // modelReset -> countChanged -> textChanged
}

void TypingModel::attach()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    m_timer.stop();
    Session *s = session();
    if (!s)
        return;
    // Nobody is known to be typing while the connection is down (PresenceModel shows the
    // rest of the room as last known meanwhile).
    track(connect(s, &Session::bannerChanged, this, [this] {
        if (session() && !session()->connected())
            clear();
    }));
    track(connect(s->client(), &client::RoomsClient::typing, this,
                  [this](const QString &room, const protocol::UserRef &user) {
                      if (room == this->room())
                          onTyping(user);
                  }));
    track(connect(s->store(), &MessageStore::messagesAdded, this,
                  [this](const QString &room, const std::vector<protocol::Message> &added, bool) {
                      if (room != this->room())
                          return;
                      for (const protocol::Message &m : added)
                          onMessageFrom(m.from.id);
                  }));
}

void TypingModel::remove(int row)
{
    beginRemoveRows({}, row, row);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
}

void TypingModel::schedule()
{
    if (m_entries.empty()) {
        m_timer.stop();
        return;
    }
    const auto oldest =
        std::min_element(m_entries.begin(), m_entries.end(),
                         [](const Entry &a, const Entry &b) { return a.sinceMs < b.sinceMs; });
    const std::int64_t due = oldest->sinceMs + kShowMs - m_clock();
    m_timer.start(int(std::clamp<std::int64_t>(due, 0, kShowMs)));
}

} // namespace roomcast::models
