#include "program/app.h"

#include "logging.h"
#include "program/commandline.h"
#include "program/demofeed.h"
#include "program/secret.h"
#include "program/signalwatcher.h"
#include "server.h"

#include "protocol/token.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>
#include <sys/resource.h>

namespace roomcast::server {

namespace {
int fail(const std::string &message)
{
    std::fprintf(stderr, "roomcast-server: %s\n", message.c_str());
    return 2;
}

//! Every connection is a descriptor: lift the soft limit to the hard one (often 1024 -> 1M).
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int mintToken(const CommandLine &cl)
{
    auto secret = resolveSecret(cl.secretFile, cl.config.dataDir);
    if (!secret)
        return fail(secret.error().message);
    protocol::Claims claims;
    claims.sub = cl.token.user.toStdString();
    claims.name = cl.token.name.toStdString();
    claims.exp = QDateTime::currentSecsSinceEpoch() + cl.token.ttlSecs;
    claims.rooms = cl.token.rooms;
    claims.pub = !cl.token.readOnly;
    const QByteArray &s = secret.value();
    std::printf("%s\n",
                protocol::signToken(
                    claims, std::string_view(s.constData(), static_cast<std::size_t>(s.size())))
                    .c_str());
    return 0;
}
} // namespace

int runServerMain(const QStringList &arguments)
{
    auto parsed = parseCommandLine(arguments);
    if (!parsed)
        return fail(parsed.error().message);
    CommandLine cl = std::move(parsed).value();
    switch (cl.mode) {
    case CommandLine::Mode::Help:
        std::printf("%s", qPrintable(cl.helpText));
        return 0;
    case CommandLine::Mode::Version:
        std::printf("roomcast-server %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    case CommandLine::Mode::Token:
        return mintToken(cl);
    case CommandLine::Mode::Run:
        break;
    }

    cl.config.dataDir = resolveDataDir(cl.config.dataDir);
    cl.config.loadSecret = [secretFile = cl.secretFile, dataDir = cl.config.dataDir] {
        return resolveSecret(secretFile, dataDir);
    };

    raiseDescriptorLimit();
    auto started = Server::start(cl.config);
    if (!started)
        return fail(started.error().message);
    std::unique_ptr<Server> server = std::move(started).value();

    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminateRequested, server.get(),
                     [&server](int sig) {
                         qCInfo(lcServer) << "signal" << sig << "received: draining";
                         server->shutdown();
                     });
    QObject::connect(server.get(), &Server::finished, qApp, [] { QCoreApplication::exit(0); });

    std::unique_ptr<DemoFeed> demo;
    if (cl.config.demo) {
        DemoFeedOptions demoOptions;
        demoOptions.stateDir = cl.config.dataDir; // the greeting log survives restarts
        demoOptions.diskPaths = {QStringLiteral("/"), cl.config.dataDir};
        demo = std::make_unique<DemoFeed>(server->node(), std::move(demoOptions));
    }

    const QUrl http = server->httpUrl(); // set when the HTTP routes have a port of their own
    std::printf(
        "roomcast-server listening on %s node=%s%s\n",
        qPrintable(server->url().toString(QUrl::FullyEncoded)), qPrintable(server->nodeId()),
        http.isEmpty() ? ""
                       : qPrintable(QStringLiteral(" http=") + http.toString(QUrl::FullyEncoded)));
    std::fflush(stdout);
    const int status = QCoreApplication::exec();
    demo.reset();
    server.reset();
    return status;
}

} // namespace roomcast::server
