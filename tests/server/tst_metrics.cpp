// The metrics registry and its Prometheus text exposition (format 0.0.4): every family has
// HELP and TYPE, histogram buckets are cumulative and end in +Inf, label values are escaped.
#include "server/node/metrics.h"

#include <QRegularExpression>
#include <QStringList>
#include <QTest>

#include <map>

using roomcast::server::Metrics;

namespace {

QStringList linesOf(const std::string &text)
{
    return QString::fromStdString(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

//! The value of the sample `nameAndLabels` (e.g. `x_bucket{le="0.001"}`), or "<absent>".
QString sample(const std::string &text, const QString &nameAndLabels)
{
    for (const QString &line : linesOf(text))
        if (line.startsWith(nameAndLabels + QLatin1Char(' ')))
            return line.mid(nameAndLabels.size() + 1);
    return QStringLiteral("<absent>");
}

Metrics::Gauges gauges()
{
    Metrics::Gauges g;
    g.connections = 3;
    g.rooms = 2;
    g.subscriptions = 5;
    g.busUp = true;
    g.storeUp = false;
    g.node = "node-a";
    return g;
}

} // namespace

class TstMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyFamilyHasHelpAndTypeBeforeItsSamples_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        const std::pair<const char *, const char *> families[] = {
            {"roomcast_node_info", "gauge"},
            {"roomcast_connections", "gauge"},
            {"roomcast_rooms", "gauge"},
            {"roomcast_subscriptions", "gauge"},
            {"roomcast_store_up", "gauge"},
            {"roomcast_bus_up", "gauge"},
            {"roomcast_messages_published_total", "counter"},
            {"roomcast_messages_delivered_total", "counter"},
            {"roomcast_publish_ack_seconds", "histogram"},
            {"roomcast_errors_total", "counter"},
            {"roomcast_http_requests_total", "counter"},
        };
        for (const auto &[name, type] : families)
            QTest::newRow(name) << QString::fromLatin1(name) << QString::fromLatin1(type);
    }
    void everyFamilyHasHelpAndTypeBeforeItsSamples()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        Metrics m;
        m.error("forbidden");
        m.httpRequest("healthz", 200);
        m.publishAcked(100);
        const QStringList lines = linesOf(m.exposition(gauges()));
        const qsizetype help = lines.indexOf(QRegularExpression(
            QStringLiteral("^# HELP %1 \\S.*$").arg(QRegularExpression::escape(name))));
        const qsizetype typeLine = lines.indexOf(QStringLiteral("# TYPE %1 %2").arg(name, type));
        QVERIFY2(help >= 0, qPrintable(name));
        QCOMPARE(typeLine, help + 1);
        // Its samples follow the TYPE line, before the next family.
        QVERIFY(typeLine + 1 < lines.size());
        QVERIFY2(lines[typeLine + 1].startsWith(name), qPrintable(lines[typeLine + 1]));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString &line = lines[i];
            if (line.startsWith(QLatin1Char('#')))
                continue;
            const bool ours =
                line.startsWith(name + QLatin1Char(' ')) ||
                line.startsWith(name + QLatin1Char('{')) ||
                (type == QLatin1String("histogram") && line.startsWith(name + QLatin1Char('_')));
            if (ours)
                QVERIFY2(i > typeLine, qPrintable(line));
        }
    }

    void everySampleLineIsWellFormed()
    {
        Metrics m;
        m.published();
        m.delivered(4);
        m.error("rate_limited");
        m.httpRequest("publish", 201);
        m.publishAcked(1234);
        const std::string text = m.exposition(gauges());
        QVERIFY(!text.empty() && text.back() == '\n');
        static const QRegularExpression sampleLine(QStringLiteral(
            R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*")*\})? -?[0-9]+(\.[0-9]+)?$)"));
        for (const QString &line : linesOf(text)) {
            if (line.startsWith(QLatin1String("# HELP ")) ||
                line.startsWith(QLatin1String("# TYPE ")))
                continue;
            QVERIFY2(sampleLine.match(line).hasMatch(), qPrintable(line));
        }
    }

    void gaugesComeFromTheNode()
    {
        Metrics m;
        const std::string text = m.exposition(gauges());
        QCOMPARE(sample(text, QStringLiteral("roomcast_connections")), QStringLiteral("3"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_rooms")), QStringLiteral("2"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_subscriptions")), QStringLiteral("5"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_bus_up")), QStringLiteral("1"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_store_up")), QStringLiteral("0"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_node_info{node=\"node-a\"}")),
                 QStringLiteral("1"));
    }

    void countersCount()
    {
        Metrics m;
        const std::string before = m.exposition(gauges());
        QCOMPARE(sample(before, QStringLiteral("roomcast_messages_published_total")),
                 QStringLiteral("0"));
        QCOMPARE(sample(before, QStringLiteral("roomcast_messages_delivered_total")),
                 QStringLiteral("0"));
        for (int i = 0; i < 3; ++i)
            m.published();
        m.delivered(5);
        m.delivered(2);
        m.delivered(-4); // nonsense is ignored, a counter never goes down
        m.delivered(0);
        const std::string text = m.exposition(gauges());
        QCOMPARE(sample(text, QStringLiteral("roomcast_messages_published_total")),
                 QStringLiteral("3"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_messages_delivered_total")),
                 QStringLiteral("7"));
        QCOMPARE(m.publishedCount(), 3u);
        QCOMPARE(m.deliveredCount(), 7u);
    }

    void errorsByCode()
    {
        Metrics m;
        m.error("rate_limited");
        m.error("forbidden");
        m.error("rate_limited");
        const std::string text = m.exposition(gauges());
        QCOMPARE(sample(text, QStringLiteral("roomcast_errors_total{code=\"rate_limited\"}")),
                 QStringLiteral("2"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_errors_total{code=\"forbidden\"}")),
                 QStringLiteral("1"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_errors_total{code=\"internal\"}")),
                 QStringLiteral("<absent>"));
    }

    void httpRequestsByRouteAndStatus()
    {
        Metrics m;
        m.httpRequest("publish", 201);
        m.httpRequest("publish", 201);
        m.httpRequest("publish", 429);
        const std::string text = m.exposition(gauges());
        QCOMPARE(
            sample(text, QStringLiteral(
                             "roomcast_http_requests_total{route=\"publish\",status=\"201\"}")),
            QStringLiteral("2"));
        QCOMPARE(
            sample(text, QStringLiteral(
                             "roomcast_http_requests_total{route=\"publish\",status=\"429\"}")),
            QStringLiteral("1"));
    }

    void labelValuesAreEscaped_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << QByteArray("ok") << QStringLiteral("ok");
        QTest::newRow("quote") << QByteArray("a\"b") << QStringLiteral("a\\\"b");
        QTest::newRow("backslash") << QByteArray("a\\b") << QStringLiteral("a\\\\b");
        QTest::newRow("newline") << QByteArray("a\nb") << QStringLiteral("a\\nb");
        QTest::newRow("all") << QByteArray("\\\"\n") << QStringLiteral("\\\\\\\"\\n");
    }
    void labelValuesAreEscaped()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, escaped);
        const std::string value(raw.constData(), static_cast<std::size_t>(raw.size()));
        QCOMPARE(QString::fromStdString(Metrics::escapeLabelValue(value)), escaped);
        Metrics m;
        m.error(value);
        Metrics::Gauges g = gauges();
        g.node = value;
        const std::string text = m.exposition(g);
        QCOMPARE(sample(text, QStringLiteral("roomcast_errors_total{code=\"%1\"}").arg(escaped)),
                 QStringLiteral("1"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_node_info{node=\"%1\"}").arg(escaped)),
                 QStringLiteral("1"));
    }

    void histogramIsCumulativeWithSumAndCount()
    {
        Metrics m;
        m.publishAcked(400);     // 0.0004 s: first bucket
        m.publishAcked(500);     // exactly on the 0.0005 bound: le is inclusive
        m.publishAcked(3000);    // 0.003 s
        m.publishAcked(3000000); // 3 s: above every bound, only +Inf
        m.publishAcked(-20);     // a clock step backwards counts as 0
        const std::string text = m.exposition(gauges());
        const std::map<QString, QString> expected = {
            {QStringLiteral("0.0005"), QStringLiteral("3")},
            {QStringLiteral("0.001"), QStringLiteral("3")},
            {QStringLiteral("0.0025"), QStringLiteral("3")},
            {QStringLiteral("0.005"), QStringLiteral("4")},
            {QStringLiteral("0.01"), QStringLiteral("4")},
            {QStringLiteral("0.025"), QStringLiteral("4")},
            {QStringLiteral("0.05"), QStringLiteral("4")},
            {QStringLiteral("0.1"), QStringLiteral("4")},
            {QStringLiteral("0.25"), QStringLiteral("4")},
            {QStringLiteral("0.5"), QStringLiteral("4")},
            {QStringLiteral("1"), QStringLiteral("4")},
            {QStringLiteral("2.5"), QStringLiteral("4")},
            {QStringLiteral("+Inf"), QStringLiteral("5")},
        };
        for (const auto &[le, count] : expected)
            QCOMPARE(
                sample(text,
                       QStringLiteral("roomcast_publish_ack_seconds_bucket{le=\"%1\"}").arg(le)),
                count);
        QCOMPARE(sample(text, QStringLiteral("roomcast_publish_ack_seconds_sum")),
                 QStringLiteral("3.0039"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_publish_ack_seconds_count")),
                 QStringLiteral("5"));

        // Buckets appear in increasing order of le, +Inf last, and never decrease.
        qint64 last = -1;
        int buckets = 0;
        QString lastLine;
        for (const QString &line : linesOf(text)) {
            if (!line.startsWith(QLatin1String("roomcast_publish_ack_seconds_bucket")))
                continue;
            const qint64 value = line.section(QLatin1Char(' '), -1).toLongLong();
            QVERIFY2(value >= last, qPrintable(line));
            last = value;
            lastLine = line;
            ++buckets;
        }
        QCOMPARE(buckets, int(Metrics::kAckBucketsMicros.size()) + 1);
        QVERIFY(lastLine.contains(QLatin1String("le=\"+Inf\"")));
    }

    void emptyHistogramStillExposesItsBuckets()
    {
        Metrics m;
        const std::string text = m.exposition(gauges());
        QCOMPARE(sample(text, QStringLiteral("roomcast_publish_ack_seconds_bucket{le=\"+Inf\"}")),
                 QStringLiteral("0"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_publish_ack_seconds_sum")),
                 QStringLiteral("0"));
        QCOMPARE(sample(text, QStringLiteral("roomcast_publish_ack_seconds_count")),
                 QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(TstMetrics)
#include "tst_metrics.moc"
