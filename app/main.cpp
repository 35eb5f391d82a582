// roomcast: the desktop dashboard. Everything it shows lives in Roomcast.Models (C++) and
// Roomcast.App (QML); this only reads the command line, connects and loads Main.qml.
#include "launchoptions.h"
#include "screenshotter.h"

#include "models/session.h"
#include "models/settings.h"

#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTranslator>
#include <QUrl>

Q_IMPORT_QML_PLUGIN(Roomcast_ModelsPlugin)
Q_IMPORT_QML_PLUGIN(Roomcast_AppPlugin)

using roomcast::models::Session;
using roomcast::models::Settings;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Roomcast"));
    QGuiApplication::setApplicationName(QStringLiteral("roomcast"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Roomcast"));
    QGuiApplication::setApplicationVersion(QStringLiteral(ROOMCAST_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("roomcast"));
    // The system's language (LANG / LC_MESSAGES): Qt's own strings, then Roomcast's.
    QTranslator qtTranslator, translator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qt"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    if (translator.load(QLocale(), QStringLiteral("roomcast"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    const LaunchOptions options = LaunchOptions::parse(app);

    // Fusion takes its colours from the platform palette: light and dark follow the desktop.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    Settings *settings = Settings::instance();
    settings->overrideServer(options.url, options.token);
    settings->overrideRooms(options.rooms);

    Session *session = Session::instance();
    QObject::connect(session, &Session::tokenReplaced, settings, &Settings::setToken);
    QObject::connect(session, &Session::roomsChanged, settings,
                     [=] { settings->setRooms(session->rooms()); });
    if (!settings->serverUrl().isEmpty())
        session->start(QUrl(settings->serverUrl()), settings->token());
    const QStringList rooms = settings->rooms();
    for (const QString &room : rooms.isEmpty() ? QStringList{QStringLiteral("general")} : rooms)
        session->join(room);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("initialSearch"), options.search}});
    engine.load(QUrl(QStringLiteral("qrc:/Roomcast/App/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;

    if (!options.screenshot.isEmpty()) {
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        new Screenshotter(window, session, options.screenshot, options.screenshotDelayMs,
                          options.screenshotTimeoutMs, &app);
    }
    return app.exec();
}
