#include "messagelistmodel.h"

#include <QCoreApplication>

#include "avatar.h"
#include "format.h"
#include "messagestore.h"
#include "session.h"

#include "client/roomsclient.h"

#include <QDateTime>

#include <algorithm>

namespace roomcast::models {

using State = client::Outbox::State;

namespace {
QString stateName(State state)
{
    switch (state) {
    case State::Queued:
        return QStringLiteral("queued");
    case State::Sending:
        return QStringLiteral("sending");
    case State::Acknowledged:
        return QStringLiteral("acknowledged");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

double numberOf(const protocol::Json &body, const char *field)
{
    if (!body.is_object())
        return 0;
    auto it = body.find(field);
    return it != body.end() && it->is_number() ? it->get<double>() : 0.0;
}
} // namespace

MessageListModel::Row MessageListModel::Row::stored(const protocol::Message &message)
{
    Row row;
    row.message = message;
    return row;
}

MessageListModel::Row MessageListModel::Row::pendingFrom(const client::Outbox::Entry &entry)
{
    Row row;
    row.message.room = entry.room;
    row.message.tsMs = entry.createdMs;
    row.message.kind = entry.kind;
    row.message.body = entry.body;
    row.message.clientMsgId = entry.clientMsgId.toStdString();
    row.pending = true;
    row.state = entry.state;
    row.error = entry.error;
    return row;
}

MessageListModel::MessageListModel(QObject *parent) : RoomBoundModel(parent) {}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        {SeqRole, "seq"},
        {SenderIdRole, "senderId"},
        {SenderNameRole, "senderName"},
        {SenderInitialsRole, "senderInitials"},
        {SenderHueRole, "senderHue"},
        {OwnRole, "own"},
        {TimeTextRole, "timeText"},
        {TimestampRole, "timestamp"},
        {KindRole, "kind"},
        {RawKindRole, "rawKind"},
        {TextRole, "text"},
        {TitleRole, "title"},
        {LevelRole, "level"},
        {UrlRole, "url"},
        {MetricNameRole, "metricName"},
        {MetricValueRole, "metricValue"},
        {MetricUnitRole, "metricUnit"},
        {MetricTextRole, "metricText"},
        {PrettyJsonRole, "prettyJson"},
        {DeliveryStateRole, "deliveryState"},
        {DeliveryErrorRole, "deliveryError"},
        {FirstOfGroupRole, "firstOfGroup"},
        {ClientMsgIdRole, "clientMsgId"},
    };
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const protocol::Message &m = row.message;
    const QString kind = format::kindName(m.kind);
    switch (Role(role)) {
    case SeqRole:
        return qint64(m.seq);
    case SenderIdRole:
        return QString::fromStdString(senderOf(row));
    case SenderNameRole:
        return senderName(row);
    case SenderInitialsRole:
        return initials(senderName(row));
    case SenderHueRole:
        return hueOf(senderOf(row));
    case OwnRole:
        return isOwn(row);
    case TimeTextRole:
        return format::timeText(m.tsMs, session() ? session()->nowMs() : m.tsMs);
    case TimestampRole:
        return QDateTime::fromMSecsSinceEpoch(m.tsMs);
    case KindRole:
        return kind;
    case RawKindRole:
        return QString::fromStdString(m.kind);
    case TextRole:
        return format::bodyString(m.body, "text");
    case TitleRole:
        return format::bodyString(m.body, "title");
    case LevelRole: {
        const QString level = format::bodyString(m.body, "level");
        return level.isEmpty() && kind == QLatin1String("notification") ? QStringLiteral("info")
                                                                        : level;
    }
    case UrlRole:
        return format::bodyString(m.body, "url");
    case MetricNameRole:
        return format::bodyString(m.body, "name");
    case MetricValueRole:
        return numberOf(m.body, "value");
    case MetricUnitRole:
        return format::bodyString(m.body, "unit");
    case MetricTextRole:
        return format::metricValueText(numberOf(m.body, "value"),
                                       format::bodyString(m.body, "unit"));
    case PrettyJsonRole:
        return kind == QLatin1String("unknown") ? format::prettyJson(m.body) : QString();
    case DeliveryStateRole:
        return isOwn(row) ? stateName(row.pending ? row.state : State::Acknowledged) : QString();
    case DeliveryErrorRole:
        return row.error;
    case FirstOfGroupRole:
        return row.firstOfGroup;
    case ClientMsgIdRole:
        return QString::fromStdString(m.clientMsgId);
    }
    return {};
}

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

bool MessageListModel::isOwn(const Row &row) const
{
    if (row.pending)
        return true;
    return session() && !row.message.from.id.empty() &&
           QString::fromStdString(row.message.from.id) == session()->userId();
}

QString MessageListModel::senderName(const Row &row) const
{
    if (row.pending)
        return session() && !session()->userName().isEmpty() ? session()->userName()
                                                             : QCoreApplication::translate("MessageListModel", "You");
    return QString::fromStdString(row.message.from.name.empty() ? row.message.from.id
                                                                : row.message.from.name);
}

std::string MessageListModel::senderOf(const Row &row) const
{
    if (row.pending)
        return session() ? session()->userId().toStdString() : std::string();
    return row.message.from.id;
}

bool MessageListModel::startsGroup(int row) const
{
    if (row <= 0)
        return true;
    const Row &cur = m_rows[std::size_t(row)];
    const Row &prev = m_rows[std::size_t(row - 1)];
    if (senderOf(cur) != senderOf(prev) ||
        (cur.message.kind == "chat") != (prev.message.kind == "chat"))
        return true;
    // A long run of one sender (a bot) shows its header again every few minutes.
    int start = row - 1;
    while (start > 0 && !m_rows[std::size_t(start)].firstOfGroup)
        --start;
    return cur.message.tsMs - m_rows[std::size_t(start)].message.tsMs > kGroupGapMs;
}

void MessageListModel::regroup(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    const bool first = startsGroup(row);
    Row &r = m_rows[std::size_t(row)];
    if (r.firstOfGroup == first)
        return;
    r.firstOfGroup = first;
    Q_EMIT dataChanged(index(row), index(row), {FirstOfGroupRole});
}

} // namespace roomcast::models
