#include "metricsmodel.h"

#include "format.h"
#include "messagestore.h"
#include "session.h"

#include <QVariantList>

#include <algorithm>

namespace roomcast::models {

MetricsModel::MetricsModel(QObject *parent) : RoomBoundModel(parent) {}

int MetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_metrics.size());
}

QHash<int, QByteArray> MetricsModel::roleNames() const
{
    return {{NameRole, "name"},         {ValueRole, "value"},
            {UnitRole, "unit"},         {ValueTextRole, "valueText"},
            {HistoryRole, "history"},   {MinValueRole, "minValue"},
            {MaxValueRole, "maxValue"}, {UpdatedTextRole, "updatedText"}};
}

QVariant MetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Metric &m = m_metrics[std::size_t(index.row())];
    const double latest = m.history.empty() ? 0.0 : m.history.back();
    switch (Role(role)) {
    case NameRole:
        return m.name;
    case ValueRole:
        return latest;
    case UnitRole:
        return m.unit;
    case ValueTextRole:
        return format::metricValueText(latest, m.unit);
    case HistoryRole: {
        QVariantList list;
        for (double v : m.history)
            list << v;
        return list;
    }
    case MinValueRole:
        return m.history.empty() ? 0.0 : *std::min_element(m.history.begin(), m.history.end());
    case MaxValueRole:
        return m.history.empty() ? 0.0 : *std::max_element(m.history.begin(), m.history.end());
    case UpdatedTextRole:
        return format::timeText(m.updatedMs, session() ? session()->nowMs() : m.updatedMs);
    }
    return {};
}

void MetricsModel::add(const protocol::Message &message)
{
    if (message.kind != "metric" || !message.body.is_object())
        return;
    const QString name = format::bodyString(message.body, "name");
    auto value = message.body.find("value");
    if (name.isEmpty() || value == message.body.end() || !value->is_number())
        return;
    auto it = std::find_if(m_metrics.begin(), m_metrics.end(),
                           [&](const Metric &m) { return m.name == name; });
    if (it == m_metrics.end()) {
        beginInsertRows({}, rowCount(), rowCount());
        m_metrics.push_back(Metric{name, {}, {}, 0});
        endInsertRows();
        it = m_metrics.end() - 1;
    }
    it->unit = format::bodyString(message.body, "unit");
    it->history.push_back(value->get<double>());
    if (it->history.size() > kHistory)
        it->history.pop_front();
    it->updatedMs = message.tsMs;
    const QModelIndex changed = index(int(it - m_metrics.begin()));
    Q_EMIT dataChanged(changed, changed);
}

void MetricsModel::attach()
{
    beginResetModel();
    m_metrics.clear();
    endResetModel();
    Session *s = session();
    if (!s)
        return;
    // An empty room means every joined room: a dashboard's tiles, whatever room is open.
    const QStringList rooms = room().isEmpty() ? s->rooms() : QStringList{room()};
    for (const QString &r : rooms) {
        for (const protocol::Message &m : s->store()->messages(r))
            add(m);
    }
    track(connect(s->store(), &MessageStore::messagesAdded, this,
                  [this](const QString &room, const std::vector<protocol::Message> &added, bool) {
                      if (!this->room().isEmpty() && room != this->room())
                          return;
                      for (const protocol::Message &m : added)
                          add(m);
                  }));
    track(connect(s->store(), &MessageStore::roomReset, this, [this](const QString &room) {
        if (this->room().isEmpty() || room == this->room())
            reattach();
    }));
}

} // namespace roomcast::models
