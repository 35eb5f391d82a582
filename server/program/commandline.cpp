#include "program/commandline.h"
#include "program/webhookflags.h"

#include "protocol/roomname.h"

#include <QCommandLineParser>
#include <QThread>

#include <algorithm>
#include <limits>

namespace roomcast::server {

namespace {

protocol::Error flagError(const QString &message)
{
    return protocol::Error{protocol::ErrorCode::BadRequest, {}, message.toStdString()};
}

//! Reads an integer flag in [min, max]; false with `error` set when malformed.
bool intFlag(const QCommandLineParser &p, const QString &name, qint64 min, qint64 max, qint64 *out,
             QString *error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = p.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        *error = QStringLiteral("--%1: expected an integer from %2 to %3, got '%4'")
                     .arg(name)
                     .arg(min)
                     .arg(max)
                     .arg(p.value(name));
        return false;
    }
    *out = v;
    return true;
}

void addOption(QCommandLineParser &p, const char *name, const char *help, const char *value)
{
    QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(help));
    if (value)
        option.setValueName(QString::fromLatin1(value));
    p.addOption(option);
}

void addRunOptions(QCommandLineParser &p)
{
    const auto opt = [&p](const char *name, const char *help, const char *value = nullptr) {
        addOption(p, name, help, value);
    };
    opt("host", "Address to listen on (default 127.0.0.1).", "H");
    opt("port", "Port to listen on (default 8765; 0 picks a free one).", "P");
    opt("http-port",
        "Serve the HTTP routes on a port of their own (0 picks a free one; default: on --port).",
        "P");
    opt("data-dir", "Directory of the embedded SQLite store (default: platform data location).",
        "D");
    opt("redis", "Join a cluster through Redis: redis://host:port[/db].", "URL");
    opt("presence-ttl",
        "Cluster mode: a node silent this long is dead and its users leave, in ms (default "
        "15000).",
        "MS");
    opt("node-id", "This node's id (default: generated).", "ID");
    opt("secret-file",
        "File holding the HS256 secret (else $ROOMCAST_SECRET, else one created in the data dir).",
        "F");
    opt("webhook",
        "POST every stored message of the rooms matching PATTERN (comma-separated room "
        "patterns, * as in tokens) to URL, signed; repeatable.",
        "PATTERN=URL");
    opt("webhook-secret-file", "File holding the key that signs webhook bodies (HMAC-SHA256).",
        "F");
    opt("heartbeat-interval", "Server ping interval in ms (default 25000).", "MS");
    opt("heartbeat-timeout", "Extra silence tolerated after an interval, in ms (default 10000).",
        "MS");
    opt("hello-timeout", "Time allowed for the hello frame, in ms (default 10000).", "MS");
    opt("presence-grace",
        "Grace period before an unclean leave is announced, in ms (default 5000).", "MS");
    opt("drain-window", "goaway reconnect_in_ms is drawn from 0..this, in ms (default 5000).",
        "MS");
    opt("max-frame-bytes", "Largest accepted frame (default 65536).", "N");
    opt("max-rooms", "Rooms one connection may join (default 100).", "N");
    opt("publish-rate", "Publishes per second per connection (default 20).", "N");
    opt("publish-burst", "Publish burst per connection (default 40).", "N");
    opt("retention", "Messages kept per room (default 10000).", "N");
    opt("threads",
        "Threads the connections are spread over, the node's own included (default: one per "
        "core).",
        "N");
    opt("demo", "Run the live demo feeds.");
}

void addTokenOptions(QCommandLineParser &p)
{
    const auto opt = [&p](const char *name, const char *help, const char *value = nullptr) {
        addOption(p, name, help, value);
    };
    opt("user", "User id (the token's sub).", "ID");
    opt("name", "Display name.", "N");
    opt("ttl", "Lifetime in seconds (default 3600).", "SECONDS");
    opt("rooms", "Comma-separated room patterns the user may join (* wildcard).", "a,b*");
    opt("read-only", "May subscribe but not publish or type.");
    opt("data-dir", "Data directory holding the created secret.", "D");
    opt("secret-file", "File holding the HS256 secret.", "F");
}

protocol::Expected<CommandLine> parseToken(QStringList args)
{
    CommandLine cl;
    cl.mode = CommandLine::Mode::Token;
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help = p.addHelpOption();
    addTokenOptions(p);
    args.removeAt(1); // the "token" word
    if (!p.parse(args))
        return flagError(QStringLiteral("token: ") + p.errorText());
    if (p.isSet(help)) {
        cl.mode = CommandLine::Mode::Help;
        cl.helpText = p.helpText();
        return cl;
    }
    if (!p.positionalArguments().isEmpty())
        return flagError(
            QStringLiteral("token: unexpected argument '%1'").arg(p.positionalArguments().first()));
    cl.token.user = p.value(QStringLiteral("user"));
    if (!protocol::isValidUserId(cl.token.user.toStdString()))
        return flagError(
            QStringLiteral("token: --user must be 1-64 characters of [A-Za-z0-9_.@-]"));
    cl.token.name =
        p.isSet(QStringLiteral("name")) ? p.value(QStringLiteral("name")) : cl.token.user;
    QString error;
    qint64 ttl = 3600;
    if (!intFlag(p, QStringLiteral("ttl"), 1, 10LL * 365 * 24 * 3600, &ttl, &error))
        return flagError(QStringLiteral("token: ") + error);
    cl.token.ttlSecs = ttl;
    if (p.isSet(QStringLiteral("rooms"))) {
        std::vector<std::string> rooms;
        const QString value = p.value(QStringLiteral("rooms"));
        for (const QString &pattern : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::string r = pattern.trimmed().toStdString();
            if (!protocol::isValidRoomPattern(r))
                return flagError(
                    QStringLiteral("token: --rooms: invalid room pattern '%1'").arg(pattern));
            rooms.push_back(r);
        }
        cl.token.rooms = rooms;
    }
    cl.token.readOnly = p.isSet(QStringLiteral("read-only"));
    cl.config.dataDir = p.value(QStringLiteral("data-dir"));
    cl.secretFile = p.value(QStringLiteral("secret-file"));
    return cl;
}

} // namespace

protocol::Expected<CommandLine> parseCommandLine(const QStringList &arguments)
{
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("token"))
        return parseToken(arguments);

    CommandLine cl;
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Roomcast real-time rooms server node."));
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    addRunOptions(p);
    if (!p.parse(arguments))
        return flagError(p.errorText());
    if (p.isSet(help) || p.isSet(version)) {
        cl.mode = p.isSet(help) ? CommandLine::Mode::Help : CommandLine::Mode::Version;
        cl.helpText =
            p.helpText() + QStringLiteral("\nSubcommand:\n  token --user ID [--name N] [--ttl "
                                          "SECONDS] [--rooms a,b*] [--read-only]\n");
        return cl;
    }
    if (!p.positionalArguments().isEmpty())
        return flagError(
            QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first()));

    ServerConfig &c = cl.config;
    c.threads = std::clamp(QThread::idealThreadCount(), 1, 64);
    if (p.isSet(QStringLiteral("host")))
        c.host = p.value(QStringLiteral("host"));
    c.dataDir = p.value(QStringLiteral("data-dir"));
    c.redisUrl = p.value(QStringLiteral("redis"));
    c.nodeId = p.value(QStringLiteral("node-id"));
    c.demo = p.isSet(QStringLiteral("demo"));
    cl.secretFile = p.value(QStringLiteral("secret-file"));
    if (p.isSet(QStringLiteral("node-id")) && !protocol::isValidUserId(c.nodeId.toStdString()))
        return flagError(QStringLiteral("--node-id: must be 1-64 characters of [A-Za-z0-9_.@-]"));

    auto webhooks = parseWebhooks(p.values(QStringLiteral("webhook")));
    if (!webhooks)
        return webhooks.error();
    c.webhooks = std::move(webhooks).value();
    if (p.isSet(QStringLiteral("webhook-secret-file"))) {
        auto key = readWebhookSecret(p.value(QStringLiteral("webhook-secret-file")));
        if (!key)
            return key.error();
        c.webhookSecret = std::move(key).value();
    } else if (!c.webhooks.empty()) {
        return flagError(QStringLiteral("--webhook needs --webhook-secret-file F: receivers "
                                        "check every body's signature with that key"));
    }

    QString error;
    const qint64 maxInt = std::numeric_limits<int>::max();
    struct IntFlag
    {
        const char *name;
        qint64 min;
        qint64 max;
        int *target;
    };
    const IntFlag ints[] = {
        {"heartbeat-interval", 10, maxInt, &c.heartbeatIntervalMs},
        {"heartbeat-timeout", 10, maxInt, &c.heartbeatTimeoutMs},
        {"hello-timeout", 10, maxInt, &c.helloTimeoutMs},
        {"presence-grace", 0, maxInt, &c.presenceGraceMs},
        {"presence-ttl", 300, 3600000, &c.clusterPresenceTtlMs},
        {"drain-window", 0, maxInt, &c.drainWindowMs},
        {"max-frame-bytes", 512, 64 * 1024 * 1024, &c.maxFrameBytes},
        {"max-rooms", 1, 100000, &c.maxRooms},
        {"publish-burst", 1, 1000000, &c.publishBurst},
        {"retention", 1, maxInt, &c.retention},
        {"threads", 1, 64, &c.threads},
    };
    for (const IntFlag &f : ints) {
        qint64 v = *f.target;
        if (!intFlag(p, QString::fromLatin1(f.name), f.min, f.max, &v, &error))
            return flagError(error);
        *f.target = static_cast<int>(v);
    }
    qint64 port = c.port;
    if (!intFlag(p, QStringLiteral("port"), 0, 65535, &port, &error))
        return flagError(error);
    c.port = static_cast<quint16>(port);
    qint64 httpPort = c.httpPort;
    if (!intFlag(p, QStringLiteral("http-port"), 0, 65535, &httpPort, &error))
        return flagError(error);
    c.httpPort = static_cast<int>(httpPort);
    if (p.isSet(QStringLiteral("publish-rate"))) {
        bool ok = false;
        const double rate = p.value(QStringLiteral("publish-rate")).toDouble(&ok);
        if (!ok || !(rate > 0) || rate > 1e6)
            return flagError(QStringLiteral("--publish-rate: expected a number above 0, got '%1'")
                                 .arg(p.value(QStringLiteral("publish-rate"))));
        c.publishRate = rate;
    }
    return cl;
}

} // namespace roomcast::server
