#include "benchoptions.h"

#include <QCommandLineParser>

namespace roomcast::bench {

namespace {
protocol::Error usage(const QString &message)
{
    return protocol::badRequest({}, message.toStdString());
}

//! Reads a positive integer option into `out` when it was given.
std::optional<protocol::Error> readCount(const QCommandLineParser &parser, const QString &name,
                                         int minimum, int &out)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum)
        return usage(QStringLiteral("--%1 needs an integer >= %2").arg(name).arg(minimum));
    out = value;
    return std::nullopt;
}
} // namespace

protocol::Expected<BenchOptions> parseBenchOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures a single Roomcast node (SQLite) against cluster nodes (Redis) in one run:\n"
        "publish-to-ack with concurrent publishers, and fan-out to many subscribers.\n"
        "Prints absolute numbers and the ratio to the single node."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const auto count = [](const char *name, const char *what) {
        return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(what),
                                  QStringLiteral("N"));
    };
    parser.addOption(help);
    parser.addOption(count("clients", "Concurrent publishers, one publish in flight each (8)."));
    parser.addOption(count("messages", "Measured messages per peer and scenario (2000)."));
    parser.addOption(count("subscribers", "Fan-out subscribers (200)."));
    parser.addOption(count("window", "Fan-out: messages in flight from the publisher (8)."));
    parser.addOption(count("rounds", "Runs of every peer, interleaved; medians shown (3)."));
    parser.addOption(count("warmup", "Unmeasured publishes per publisher first (5)."));
    parser.addOption(count("timeout", "Seconds one scenario run may take (300)."));
    parser.addOption(QCommandLineOption(QStringLiteral("scenario"),
                                        QStringLiteral("publish, fanout or all (all)."),
                                        QStringLiteral("name"), QStringLiteral("all")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("no-everysec"),
                           QStringLiteral("Skip the Redis appendfsync everysec peer.")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("quick"), QStringLiteral("Tiny sizes: a smoke run of a few seconds.")));
    parser.addOption(QCommandLineOption(QStringLiteral("json"),
                                        QStringLiteral("Print JSON instead of tables.")));
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument: ") +
                     parser.positionalArguments().first());

    BenchOptions options;
    options.help = parser.isSet(help);
    options.helpText = parser.helpText();
    options.quick = parser.isSet(QStringLiteral("quick"));
    options.json = parser.isSet(QStringLiteral("json"));
    options.everysec = !parser.isSet(QStringLiteral("no-everysec"));
    const QString scenario = parser.value(QStringLiteral("scenario"));
    if (scenario != QStringLiteral("all") && scenario != QStringLiteral("publish") &&
        scenario != QStringLiteral("fanout"))
        return usage(QStringLiteral("--scenario is publish, fanout or all, not ") + scenario);
    options.publish = scenario != QStringLiteral("fanout");
    options.fanout = scenario != QStringLiteral("publish");
    if (options.quick) {
        options.clients = 2;
        options.messages = 60;
        options.subscribers = 10;
        options.window = 4;
        options.warmup = 2;
        options.rounds = 1;
        options.timeoutSecs = 30;
    }
    const struct
    {
        const char *name;
        int minimum;
        int *out;
    } counts[] = {
        {"clients", 1, &options.clients},         {"messages", 1, &options.messages},
        {"subscribers", 1, &options.subscribers}, {"window", 1, &options.window},
        {"warmup", 0, &options.warmup},           {"rounds", 1, &options.rounds},
        {"timeout", 1, &options.timeoutSecs},
    };
    for (const auto &c : counts)
        if (auto error = readCount(parser, QString::fromLatin1(c.name), c.minimum, *c.out))
            return *error;
    return options;
}

} // namespace roomcast::bench
