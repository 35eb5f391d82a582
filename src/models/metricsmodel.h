#pragma once

#include "roomboundmodel.h"

#include "protocol/frames.h"

#include <QList>

#include <deque>
#include <vector>

namespace roomcast::models {

//! The `metric` messages of a room (or, with an empty `room`, of every joined room) folded
//! into one tile per metric name: the latest value and a short history for a sparkline, in
//! the order the metrics first appeared.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class MetricsModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        ValueRole,
        UnitRole,
        ValueTextRole, //!< "42 %"
        HistoryRole,   //!< list of numbers, oldest first, at most kHistory
        MinValueRole,  //!< of the history, for scaling the sparkline
        MaxValueRole,
        UpdatedTextRole, //!< "14:02"
    };
    Q_ENUM(Role)

    static constexpr std::size_t kHistory = 40;

    explicit MetricsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Folds one message in (ignored unless it is a well-formed metric).
    void add(const protocol::Message &message);

protected:
    void attach() override;

private:
    struct Metric
    {
        QString name;
        QString unit;
        std::deque<double> history;
        std::int64_t updatedMs = 0;
    };
    std::vector<Metric> m_metrics;
};

} // namespace roomcast::models
