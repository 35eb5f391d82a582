// roomcast-cli: a thin main over cliapp (see cliapp.h).
#include "cliapp.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("roomcast-cli"));
    // Standard output carries data and standard error one line per failure: the client
    // library's progress logs stay quiet unless QT_LOGGING_RULES asks for them.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("roomcast.*.info=false"));
    return roomcast::cli::runCli(QCoreApplication::arguments());
}
