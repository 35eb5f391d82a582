#include "messagecontextmodel.h"

#include "format.h"
#include "messagestore.h"
#include "session.h"

#include "client/connection.h"
#include "client/roomsclient.h"

#include <algorithm>

namespace roomcast::models {

MessageContextModel::MessageContextModel(QObject *parent) : RoomBoundModel(parent) {}

int MessageContextModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QHash<int, QByteArray> MessageContextModel::roleNames() const
{
    return {{SeqRole, "seq"},
            {SenderNameRole, "senderName"},
            {TimeTextRole, "timeText"},
            {TextRole, "text"},
            {HighlightedRole, "highlighted"}};
}

QVariant MessageContextModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::Message &m = m_rows[std::size_t(index.row())];
    switch (role) {
    case SeqRole:
        return double(m.seq);
    case SenderNameRole:
        return format::displayName(m.from);
    case TimeTextRole:
        return format::timeText(m.tsMs, session() ? session()->nowMs() : 0);
    case TextRole:
        return format::summaryText(m);
    case HighlightedRole:
        return m.seq == m_seq;
    default:
        return {};
    }
}

void MessageContextModel::setSeq(qint64 seq)
{
    if (seq == m_seq)
        return;
    m_seq = seq;
    reattach();
    Q_EMIT seqChanged();
}

void MessageContextModel::attach()
{
    if (room() != m_attachedRoom) { // a seq means nothing in another room
        m_attachedRoom = room();
        if (m_seq != 0) {
            m_seq = 0;
            Q_EMIT seqChanged();
        }
    }
    m_requestId = 0;
    m_error.clear();
    show({});
    if (!session() || room().isEmpty() || m_seq <= 0)
        return;

    // What this run already holds, when the chosen message is among it.
    const std::vector<protocol::Message> &known = session()->store()->messages(room());
    const auto at =
        std::lower_bound(known.begin(), known.end(), m_seq,
                         [](const protocol::Message &m, std::int64_t seq) { return m.seq < seq; });
    if (at != known.end() && at->seq == m_seq && at - known.begin() >= kAround) {
        const auto end = known.end() - at > kAround ? at + kAround + 1 : known.end();
        show({at - kAround, end});
        return;
    }

    client::RoomsClient *client = session()->client();
    // Asked offline, or the answer was lost with the connection: ask again once it is back.
    track(connect(session()->connection(), &client::Connection::welcomed, this, [this] {
        if (m_requestId != 0 || m_rows.empty())
            reattach();
    }));
    track(connect(client, &client::RoomsClient::historyLoaded, this,
                  [this](int id, const QString &, const std::vector<protocol::Message> &page) {
                      if (id != m_requestId)
                          return;
                      m_requestId = 0;
                      if (std::none_of(page.begin(), page.end(),
                                       [this](const auto &m) { return m.seq == m_seq; }))
                          m_error = tr("This message is no longer stored");
                      show(page);
                  }));
    track(connect(client, &client::RoomsClient::historyFailed, this,
                  [this](int id, const QString &, const QString &message) {
                      if (id != m_requestId)
                          return;
                      m_requestId = 0;
                      m_error = message;
                      Q_EMIT stateChanged();
                  }));
    m_requestId = client->history(room().toStdString(), m_seq + kAround + 1, 2 * kAround + 1);
    if (m_requestId == 0)
        m_error = tr("The message's context needs a connection to the server");
    Q_EMIT stateChanged();
}

void MessageContextModel::show(std::vector<protocol::Message> messages)
{
    std::sort(messages.begin(), messages.end(),
              [](const protocol::Message &a, const protocol::Message &b) { return a.seq < b.seq; });
    beginResetModel();
    m_rows = std::move(messages);
    endResetModel();
    const auto it = std::find_if(m_rows.begin(), m_rows.end(),
                                 [this](const protocol::Message &m) { return m.seq == m_seq; });
    m_highlightRow = it == m_rows.end() ? -1 : int(it - m_rows.begin());
    Q_EMIT stateChanged();
}

} // namespace roomcast::models
