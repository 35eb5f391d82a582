#include "launchoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "roomcast: %s\n", qPrintable(message));
    std::exit(2);
}

int positive(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < 0)
        fail(QStringLiteral("--%1 needs a number of milliseconds").arg(name));
    return value;
}

//! The options, for parse() and printout() alike.
void describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("Roomcast: live rooms, presence, notifications and metrics."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("url"), QStringLiteral("Server to use, e.g. ws://127.0.0.1:8765/ws."),
         QStringLiteral("ws-url")},
        {QStringLiteral("token"), QStringLiteral("Token to sign in with."),
         QStringLiteral("token")},
        {QStringLiteral("room"), QStringLiteral("Room to join (repeat for more)."),
         QStringLiteral("name")},
        {QStringLiteral("search"),
         QStringLiteral("Open the search of the first room with these words (as Ctrl+F)."),
         QStringLiteral("words")},
        {QStringLiteral("screenshot"),
         QStringLiteral("Save the window to this PNG once the rooms have loaded, then exit."),
         QStringLiteral("file")},
        {QStringLiteral("screenshot-delay"),
         QStringLiteral("Wait this long after loading before the screenshot (default 2500)."),
         QStringLiteral("ms")},
        {QStringLiteral("screenshot-timeout"),
         QStringLiteral("Take the screenshot anyway after this long (default 20000)."),
         QStringLiteral("ms")},
    });
}
} // namespace

LaunchOptions::Printout LaunchOptions::printout(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    describe(parser);
    if (!parser.parse(arguments))
        return Printout::None;
    // In the order QCommandLineParser::process() answers them.
    if (parser.isSet(QStringLiteral("version")) || parser.isSet(QStringLiteral("help")))
        return Printout::HelpOrVersion;
    return parser.isSet(QStringLiteral("help-all")) ? Printout::HelpAll : Printout::None;
}

LaunchOptions LaunchOptions::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    LaunchOptions o;
    o.url = parser.value(QStringLiteral("url"));
    if (!o.url.isEmpty()) {
        const QUrl url(o.url);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
            fail(QStringLiteral("--url must be a ws:// or wss:// address, got \"%1\"").arg(o.url));
    }
    o.token = parser.value(QStringLiteral("token"));
    o.rooms = parser.values(QStringLiteral("room"));
    o.search = parser.value(QStringLiteral("search"));
    o.screenshot = parser.value(QStringLiteral("screenshot"));
    if (parser.isSet(QStringLiteral("screenshot-delay")))
        o.screenshotDelayMs = positive(parser, QStringLiteral("screenshot-delay"));
    if (parser.isSet(QStringLiteral("screenshot-timeout")))
        o.screenshotTimeoutMs = positive(parser, QStringLiteral("screenshot-timeout"));
    return o;
}
