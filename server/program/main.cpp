// roomcast-server: a thin main over roomcast_server (see app.h).
#include "edge/epolldispatcher.h"
#include "program/app.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // Debian's Qt uses the GLib event loop by default: O(N) per write-notifier toggle. The
    // helper threads (the store's writer) get Qt's UNIX dispatcher instead.
    qputenv("QT_NO_GLIB", "1");
    // The main thread, which holds every connection, runs on epoll (see epolldispatcher.h).
    roomcast::server::edge::installEventDispatcher();
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("roomcast"));
    QCoreApplication::setApplicationName(QStringLiteral("roomcast-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ROOMCAST_VERSION));
    return roomcast::server::runServerMain(QCoreApplication::arguments());
}
