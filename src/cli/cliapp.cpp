#include "cliapp.h"

#include "client/connection.h"
#include "client/outbox.h"
#include "client/roomsclient.h"

#include "protocol/codec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>

#include <cstdio>

namespace roomcast::cli {

using client::Connection;
using protocol::Json;

namespace {

int usage(const QString &why)
{
    std::fprintf(stderr, "roomcast-cli: %s\n", qPrintable(why));
    return 2;
}

void printLine(const std::string &line)
{
    std::fprintf(stdout, "%s\n", line.c_str());
    std::fflush(stdout);
}

//! Runs `onConnected` once the session is up; exits with the status it sets.
int runSession(Connection &connection, const std::function<void()> &onConnected, int timeoutMs)
{
    int status = -1;
    QObject::connect(&connection, &Connection::welcomed, &connection, [&] { onConnected(); });
    QObject::connect(&connection, &Connection::stateChanged, &connection, [&] {
        if (connection.state() == Connection::State::Unauthorized ||
            connection.state() == Connection::State::Stopped) {
            std::fprintf(stderr, "roomcast-cli: %s\n", qPrintable(connection.lastError()));
            QCoreApplication::exit(1);
        }
    });
    if (timeoutMs > 0) {
        QTimer::singleShot(timeoutMs, &connection, [&] {
            std::fprintf(stderr, "roomcast-cli: no answer from %s within %d ms (%s)\n",
                         qPrintable(connection.property("url").toString()), timeoutMs,
                         qPrintable(connection.lastError()));
            QCoreApplication::exit(2);
        });
    }
    connection.open();
    status = QCoreApplication::exec();
    return status;
}

} // namespace

int runCli(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Subscribe, publish, read history and presence of a Roomcast node."));
    p.addHelpOption();
    p.addOption({QStringLiteral("url"),
                 QStringLiteral("Server URL (default $ROOMCAST_URL or ws://127.0.0.1:8765/ws)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("token"), QStringLiteral("Token (default $ROOMCAST_TOKEN)."),
                 QStringLiteral("JWT")});
    p.addOption({QStringLiteral("kind"),
                 QStringLiteral("publish: the message kind (default chat)."),
                 QStringLiteral("KIND")});
    p.addOption({QStringLiteral("body"),
                 QStringLiteral("publish: the body as a JSON object (instead of TEXT)."),
                 QStringLiteral("JSON")});
    p.addOption({QStringLiteral("limit"),
                 QStringLiteral("history: how many messages (1-500, default 50)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("before"),
                 QStringLiteral("history: only messages before this seq."), QStringLiteral("SEQ")});
    p.addOption({QStringLiteral("timeout"),
                 QStringLiteral("Give up after this many ms (default 10000; subscribe: none)."),
                 QStringLiteral("MS")});
    p.addPositionalArgument(QStringLiteral("command"),
                            QStringLiteral("subscribe | publish | history | presence"));
    if (!p.parse(arguments))
        return usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(p.helpText()));
        return 0;
    }
    const QStringList args = p.positionalArguments();
    if (args.size() < 2)
        return usage(QStringLiteral("expected a command and a room (see --help)"));
    const QString command = args.at(0);
    const std::string room = args.at(1).toStdString();

    Connection::Options options;
    options.url =
        QUrl(p.value(QStringLiteral("url")).isEmpty()
                 ? qEnvironmentVariable("ROOMCAST_URL", QStringLiteral("ws://127.0.0.1:8765/ws"))
                 : p.value(QStringLiteral("url")));
    options.token = p.value(QStringLiteral("token")).isEmpty()
                        ? qEnvironmentVariable("ROOMCAST_TOKEN")
                        : p.value(QStringLiteral("token"));
    options.clientName = QStringLiteral("roomcast-cli/0.1.0");
    if (!options.url.isValid() || (options.url.scheme() != QLatin1String("ws") &&
                                   options.url.scheme() != QLatin1String("wss")))
        return usage(QStringLiteral("--url: expected ws://HOST:PORT/ws"));
    if (options.token.isEmpty())
        return usage(QStringLiteral("no token: pass --token or set ROOMCAST_TOKEN"));
    const int timeoutMs = p.isSet(QStringLiteral("timeout"))
                              ? p.value(QStringLiteral("timeout")).toInt()
                              : (command == QLatin1String("subscribe") ? 0 : 10000);
    Connection connection(options);
    connection.setProperty("url", options.url);

    // Replies to our one request end the program.
    auto finishOn = [&](const std::function<int(const protocol::ServerFrame &)> &handle) {
        QObject::connect(&connection, &Connection::frameReceived, &connection,
                         [handle](const protocol::ServerFrame &frame) {
                             if (const auto *e = std::get_if<protocol::ErrorReply>(&frame)) {
                                 std::fprintf(stderr, "roomcast-cli: %s: %s\n", e->code.c_str(),
                                              e->message.c_str());
                                 QCoreApplication::exit(1);
                                 return;
                             }
                             const int status = handle(frame);
                             if (status >= 0)
                                 QCoreApplication::exit(status);
                         });
    };

    if (command == QLatin1String("subscribe")) {
        // Subscribing goes through RoomsClient: it resumes every room after a reconnect
        // and never prints a message twice.
        QTemporaryDir outboxDir;
        auto outbox = client::Outbox::open(outboxDir.filePath(QStringLiteral("outbox.db")));
        if (!outbox)
            return usage(QString::fromStdString(outbox.error().message));
        client::RoomsClient rooms(&connection, outbox.value().get());
        QObject::connect(&rooms, &client::RoomsClient::messagesArrived, &rooms,
                         [](const QString &, const std::vector<protocol::Message> &messages) {
                             for (const auto &m : messages)
                                 printLine(protocol::encodeMessage(m));
                         });
        for (int i = 1; i < args.size(); ++i)
            rooms.join(args.at(i).toStdString());
        return runSession(
            connection, [] {}, timeoutMs);
    }
    if (command == QLatin1String("publish")) {
        Json body;
        if (p.isSet(QStringLiteral("body"))) {
            body = Json::parse(p.value(QStringLiteral("body")).toStdString(), nullptr, false);
            if (body.is_discarded() || !body.is_object())
                return usage(QStringLiteral("--body: expected a JSON object"));
        } else if (args.size() >= 3) {
            body = {{"text", args.mid(2).join(QLatin1Char(' ')).toStdString()}};
        } else {
            return usage(QStringLiteral("publish: expected TEXT or --body JSON"));
        }
        protocol::Publish publish{room,
                                  p.value(QStringLiteral("kind")).isEmpty()
                                      ? "chat"
                                      : p.value(QStringLiteral("kind")).toStdString(),
                                  body,
                                  QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString()};
        finishOn([](const protocol::ServerFrame &frame) {
            if (const auto *ack = std::get_if<protocol::Ack>(&frame)) {
                printLine(std::to_string(ack->seq));
                return 0;
            }
            return -1;
        });
        // Re-sent after a reconnect with the same client_msg_id: stored once whatever happens.
        return runSession(
            connection,
            [&] {
                connection.send(protocol::Request{1, publish});
            },
            timeoutMs);
    }
    if (command == QLatin1String("history")) {
        protocol::HistoryRequest request{room, std::nullopt, 50};
        if (p.isSet(QStringLiteral("limit")))
            request.limit = p.value(QStringLiteral("limit")).toInt();
        if (p.isSet(QStringLiteral("before")))
            request.before = p.value(QStringLiteral("before")).toLongLong();
        finishOn([](const protocol::ServerFrame &frame) {
            if (const auto *reply = std::get_if<protocol::HistoryReply>(&frame)) {
                for (const auto &m : reply->messages)
                    printLine(protocol::encodeMessage(m));
                return 0;
            }
            return -1;
        });
        return runSession(
            connection,
            [&] {
                connection.send(protocol::Request{1, request});
            },
            timeoutMs);
    }
    if (command == QLatin1String("presence")) {
        finishOn([](const protocol::ServerFrame &frame) {
            if (const auto *reply = std::get_if<protocol::PresenceReply>(&frame)) {
                for (const auto &u : reply->users)
                    printLine(u.id);
                return 0;
            }
            return -1;
        });
        return runSession(
            connection,
            [&] {
                connection.send(protocol::Request{1, protocol::PresenceRequest{room}});
            },
            timeoutMs);
    }
    return usage(QStringLiteral("unknown command '%1' (subscribe, publish, history, presence)")
                     .arg(command));
}

} // namespace roomcast::cli
