// MessageListModel, what a row shows: its roles, sender and grouping.
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
        return session() && !session()->userName().isEmpty()
                   ? session()->userName()
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
