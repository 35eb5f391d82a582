// roomcast-bench: a thin main over the bench's runner (benchrunner.h).
#include "benchrunner.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // Debian's Qt uses the GLib event loop by default: O(N) per write-notifier toggle, which
    // would measure GLib instead of the node (server/main.cpp does the same).
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("roomcast-bench"));
    return roomcast::bench::runBenchMain(QCoreApplication::arguments());
}
