#pragma once

#include "benchoptions.h"
#include "stats.h"

#include <QString>

#include <optional>
#include <vector>

namespace roomcast::bench {

//! One peer's column: its name, and its result in every round it ran (none: skipped).
template <typename Result> struct Column
{
    QString key;  //!< short, for JSON ("single", "cluster_always", ...)
    QString name; //!< for the table
    std::vector<Result> rounds;
};

//! Everything one run measured; the first column of each scenario is the base of its ratios.
struct BenchReport
{
    BenchOptions options;
    QString machine; //!< cores, OS, Qt, Redis
    std::vector<Column<PublishResult>> publish;
    std::vector<Column<FanoutResult>> fanout;
};

//! The tables, each metric with its median over the rounds per peer and its ratio to the first
//! peer, then one `ratio publish cluster/single:` and one `ratio fanout cluster/single:` line.
QString formatText(const BenchReport &report);
//! The same as one JSON object.
QString formatJson(const BenchReport &report);

} // namespace roomcast::bench
