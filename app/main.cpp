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

namespace {
//! The system's language (LANG / LC_MESSAGES): Qt's own strings, then Roomcast's.
void installTranslators(QTranslator &qtTranslator, QTranslator &translator)
{
    if (qtTranslator.load(QLocale(), QStringLiteral("qt"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    if (translator.load(QLocale(), QStringLiteral("roomcast"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Roomcast"));
    QCoreApplication::setApplicationName(QStringLiteral("roomcast"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ROOMCAST_VERSION));
    // A QGuiApplication aborts without a display, and printing the help needs none: --help
    // and --version are answered under a QCoreApplication; --help-all lists QGuiApplication's
    // options too, so without a display it gets the offscreen platform.
    switch (LaunchOptions::printout(argc, argv)) {
    case LaunchOptions::Printout::HelpOrVersion: {
        QCoreApplication app(argc, argv);
        QTranslator qtTranslator, translator;
        installTranslators(qtTranslator, translator);
        LaunchOptions::parse(app); // prints and exits
        break;
    }
    case LaunchOptions::Printout::HelpAll:
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
            qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        break;
    case LaunchOptions::Printout::None:
        break;
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Roomcast"));
    // The installed desktop entry's id (org.roomcast.Roomcast.desktop): window managers and
    // docks match the window to its entry and icon by it (Wayland's app_id, X11's hint).
    QGuiApplication::setDesktopFileName(QStringLiteral(ROOMCAST_APP_ID));
    QTranslator qtTranslator, translator;
    installTranslators(qtTranslator, translator);
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
