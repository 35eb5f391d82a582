#include "report.h"

#include <QStringList>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

namespace roomcast::bench {

namespace {

template <typename Result> struct Metric
{
    const char *label; //!< table row
    const char *key;   //!< JSON field
    const char *word;  //!< in the ratio line; nullptr = not there
    std::function<double(const Result &)> value;
    int decimals;
    bool noRatio = false; //!< a share or a cost read next to the others, not as a ratio
};

//! The CPU rows every scenario has, in percent of one core.
template <typename Result> void addCpuMetrics(std::vector<Metric<Result>> &metrics)
{
    metrics.push_back({"CPU node thread (% of a core)", "cpu_node_pct", nullptr,
                       [](const Result &r) { return r.cpu.node * 100; }, 0, true});
    metrics.push_back({"CPU client thread (%)", "cpu_client_pct", nullptr,
                       [](const Result &r) { return r.cpu.client * 100; }, 0, true});
    metrics.push_back({"CPU other threads: SQLite writer (%)", "cpu_other_pct", nullptr,
                       [](const Result &r) { return r.cpu.other * 100; }, 0, true});
    metrics.push_back({"CPU redis-server (%)", "cpu_redis_pct", nullptr,
                       [](const Result &r) { return r.cpu.redis * 100; }, 0, true});
}

const std::vector<Metric<PublishResult>> &publishMetrics()
{
    static const std::vector<Metric<PublishResult>> metrics = [] {
        using R = PublishResult;
        std::vector<Metric<R>> m = {
            {"throughput (msg/s)", "throughput", "throughput",
             [](const R &r) { return r.perSecond; }, 0},
            {"ack p50 (ms)", "ack_p50_ms", "p50", [](const R &r) { return r.ack.p50Ms; }, 2},
            {"ack p99 (ms)", "ack_p99_ms", "p99", [](const R &r) { return r.ack.p99Ms; }, 2},
            {"ack mean (ms)", "ack_mean_ms", nullptr, [](const R &r) { return r.ack.meanMs; }, 2},
            {"node accept->stored mean (ms)", "node_store_mean_ms", nullptr,
             [](const R &r) { return r.nodeAckMeanMs; }, 2},
            {"Redis time inside EVAL per call (us)", "redis_eval_us", nullptr,
             [](const R &r) { return r.redisEvalUs; }, 1, true},
            {"wall time (s)", "seconds", nullptr, [](const R &r) { return r.seconds; }, 2},
        };
        addCpuMetrics(m);
        return m;
    }();
    return metrics;
}

const std::vector<Metric<FanoutResult>> &fanoutMetrics()
{
    static const std::vector<Metric<FanoutResult>> metrics = [] {
        using R = FanoutResult;
        std::vector<Metric<R>> m = {
            {"deliveries/s", "deliveries_per_s", "deliveries/s",
             [](const R &r) { return r.deliveriesPerSecond; }, 0},
            {"publish->last delivery p50 (ms)", "last_p50_ms", "last p50",
             [](const R &r) { return r.last.p50Ms; }, 2},
            {"publish->last delivery p99 (ms)", "last_p99_ms", "last p99",
             [](const R &r) { return r.last.p99Ms; }, 2},
            {"publish->first delivery p50 (ms)", "first_p50_ms", "first p50",
             [](const R &r) { return r.first.p50Ms; }, 2},
            {"wall time (s)", "seconds", nullptr, [](const R &r) { return r.seconds; }, 2},
        };
        addCpuMetrics(m);
        return m;
    }();
    return metrics;
}

//! The metric's median over the column's rounds (the lower middle one for an even count).
template <typename Result>
std::optional<double> valueOf(const Column<Result> &column, const Metric<Result> &m)
{
    if (column.rounds.empty())
        return std::nullopt;
    std::vector<double> values;
    for (const Result &r : column.rounds)
        values.push_back(m.value(r));
    std::sort(values.begin(), values.end());
    return values[(values.size() - 1) / 2];
}

//! Column c against column 0, when both ran.
template <typename Result>
std::optional<double> ratioOf(const std::vector<Column<Result>> &columns, std::size_t c,
                              const Metric<Result> &m)
{
    const auto base = valueOf(columns[0], m);
    const auto value = valueOf(columns[c], m);
    if (!base || !value)
        return std::nullopt;
    return ratio(*value, *base);
}

QString ratioText(std::optional<double> r)
{
    return r ? QString::number(*r, 'f', 2) + u'x' : QStringLiteral("n/a");
}

template <typename Result>
QString table(const std::vector<Column<Result>> &columns,
              const std::vector<Metric<Result>> &metrics)
{
    std::vector<QStringList> rows{{QString()}}; // the header first
    for (std::size_t c = 0; c < columns.size(); ++c) {
        rows[0].push_back(columns[c].name);
        if (c > 0)
            rows[0].push_back(QStringLiteral("ratio"));
    }
    for (const auto &m : metrics) {
        QStringList row{QString::fromLatin1(m.label)};
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const auto value = valueOf(columns[c], m);
            row.push_back(value ? QString::number(*value, 'f', m.decimals) : QStringLiteral("n/a"));
            if (c > 0)
                row.push_back(m.noRatio ? QStringLiteral("-") : ratioText(ratioOf(columns, c, m)));
        }
        rows.push_back(std::move(row));
    }
    std::vector<qsizetype> widths(static_cast<std::size_t>(rows[0].size()), 0);
    for (const auto &row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[std::size_t(i)] = std::max(widths[std::size_t(i)], row[i].size());
    QString out;
    for (const auto &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            out += i == 0 ? row[i].leftJustified(widths[0])
                          : QStringLiteral("  ") + row[i].rightJustified(widths[std::size_t(i)]);
        out += u'\n';
    }
    return out;
}

template <typename Result>
QString ratioLines(const char *scenario, const std::vector<Column<Result>> &columns,
                   const std::vector<Metric<Result>> &metrics)
{
    QString out;
    for (std::size_t c = 1; c < columns.size(); ++c) {
        QStringList parts;
        for (const auto &m : metrics)
            if (m.word)
                parts.push_back(QString::fromLatin1(m.word) + u' ' +
                                ratioText(ratioOf(columns, c, m)));
        out += QStringLiteral("ratio %1 cluster/single: %2 (%3)\n")
                   .arg(QString::fromLatin1(scenario), parts.join(QStringLiteral(", ")),
                        columns[c].name);
    }
    return out;
}

template <typename Result>
nlohmann::json columnsJson(const std::vector<Column<Result>> &columns,
                           const std::vector<Metric<Result>> &metrics)
{
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const Column<Result> &column = columns[c];
        nlohmann::json peer = {{"peer", column.key.toStdString()},
                               {"name", column.name.toStdString()},
                               {"skipped", column.rounds.empty()}};
        nlohmann::json median = nlohmann::json::object();
        nlohmann::json rounds = nlohmann::json::array();
        for (std::size_t i = 0; i < column.rounds.size(); ++i)
            rounds.push_back(nlohmann::json::object());
        for (const auto &m : metrics) {
            if (auto value = valueOf(column, m))
                median[m.key] = *value;
            for (std::size_t i = 0; i < column.rounds.size(); ++i)
                rounds[i][m.key] = m.value(column.rounds[i]);
        }
        peer["median"] = median;
        peer["rounds"] = rounds;
        if (c > 0) {
            nlohmann::json ratios = nlohmann::json::object();
            for (const auto &m : metrics)
                if (auto r = ratioOf(columns, c, m))
                    ratios[m.key] = *r;
            peer["ratio_to_" + columns[0].key.toStdString()] = ratios;
        }
        out.push_back(peer);
    }
    return out;
}

} // namespace

QString formatText(const BenchReport &report)
{
    const BenchOptions &o = report.options;
    QString out = QStringLiteral("roomcast-bench on %1; median of %2 round(s)\n")
                      .arg(report.machine)
                      .arg(o.rounds);
    if (o.publish)
        out += QStringLiteral("\n1. publish -> ack: %1 clients, one publish in flight each, %2 "
                              "messages to one room (+%3 warm-up each)\n")
                   .arg(o.clients)
                   .arg(o.messages)
                   .arg(o.warmup) +
               table(report.publish, publishMetrics());
    if (o.fanout)
        out += QStringLiteral("\n2. fan-out: 1 publisher (%1 in flight), %2 subscribers of one "
                              "room, %3 messages (+%4 warm-up); cluster: Redis fsync always\n")
                   .arg(o.window)
                   .arg(o.subscribers)
                   .arg(o.messages)
                   .arg(o.warmup) +
               table(report.fanout, fanoutMetrics());
    out += u'\n';
    if (o.publish)
        out += ratioLines("publish", report.publish, publishMetrics());
    if (o.fanout)
        out += ratioLines("fanout", report.fanout, fanoutMetrics());
    return out;
}

QString formatJson(const BenchReport &report)
{
    const BenchOptions &o = report.options;
    const nlohmann::json out = {
        {"machine", report.machine.toStdString()},
        {"options",
         {{"clients", o.clients},
          {"messages", o.messages},
          {"subscribers", o.subscribers},
          {"window", o.window},
          {"warmup", o.warmup},
          {"rounds", o.rounds},
          {"quick", o.quick}}},
        {"publish", o.publish ? columnsJson(report.publish, publishMetrics()) : nlohmann::json()},
        {"fanout", o.fanout ? columnsJson(report.fanout, fanoutMetrics()) : nlohmann::json()},
    };
    return QString::fromStdString(out.dump(2)) + u'\n';
}

} // namespace roomcast::bench
