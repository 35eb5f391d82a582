// Notifier against a real node: live notifications become toasts (not history, not muted
// rooms); with the window inactive they go to org.freedesktop.Notifications, here a fake
// server on a private D-Bus, and clicking one asks to open its room.
#include "uifixture.h"

#include "models/messagestore.h"

#include "models/desktopnotifications.h"
#include "models/notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace roomcast;
using namespace roomcast::test;

//! A notification server as a desktop has one: records Notify calls, can emit ActionInvoked.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    QStringList appNames;
    QStringList icons;
    QStringList summaries;
    QStringList bodies;
    QList<QStringList> actions;
    QList<QVariantMap> hintMaps;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &icon,
                const QString &summary, const QString &body, const QStringList &actionList,
                const QVariantMap &hints, int timeout)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(timeout)
        appNames << appName;
        icons << icon;
        summaries << summary;
        bodies << body;
        actions << actionList;
        hintMaps << hints;
        return uint(summaries.size());
    }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);
};

class TstNotifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_fx = std::make_unique<UiFixture>(); }
    void cleanup()
    {
        m_fx.reset();
        if (m_bus.state() != QProcess::NotRunning) {
            m_bus.kill();
            m_bus.waitForFinished();
        }
    }

    void liveNotificationsToast()
    {
        QVERIFY(m_fx->server.start());
        TestClient *monitor = m_fx->peer("monitor", "Monitor", {"alerts"});
        QVERIFY(monitor);
        QVERIFY(UiFixture::publish(monitor, "alerts", "notification", {{"title", "old news"}}));

        m_fx->makeSession();
        models::Notifier notifier;
        notifier.setDesktop(
            new models::DesktopNotifications(QDBusConnection(QString()), &notifier));
        notifier.setSession(m_fx->session.get());
        notifier.setProperty("mutedRooms", QStringList{QStringLiteral("muted")});
        QSignalSpy toasts(&notifier, &models::Notifier::toast);
        QVERIFY(m_fx->start({QStringLiteral("alerts"), QStringLiteral("muted")}));
        QVERIFY(!notifier.desktopAvailable());

        QVERIFY(UiFixture::publish(monitor, "alerts", "notification",
                                   {{"title", "Disk full"}, {"text", "db-2"}, {"level", "error"}}));
        QVERIFY(UiFixture::publish(monitor, "alerts", "chat", {{"text", "not a notification"}}));
        TestClient *other = m_fx->peer("other", "Other", {"muted"});
        QVERIFY(other);
        QVERIFY(UiFixture::publish(other, "muted", "notification", {{"title", "muted"}}));
        QTRY_COMPARE(toasts.count(), 1);
        // Once the session holds the muted room's notification and the chat, every message
        // that could have raised a toast has been through the notifier.
        QTRY_VERIFY(!m_fx->session->store()->messages(QStringLiteral("muted")).empty());
        QTRY_COMPARE(m_fx->session->store()->messages(QStringLiteral("alerts")).size(),
                     std::size_t(3));
        QCOMPARE(toasts.count(), 1); // not the history, not the chat, not the muted room
        const QList<QVariant> args = toasts.takeFirst();
        QCOMPARE(args.at(0).toString(), QStringLiteral("alerts"));
        QCOMPARE(args.at(1).toString(), QStringLiteral("Disk full"));
        QCOMPARE(args.at(2).toString(), QStringLiteral("db-2"));
        QCOMPARE(args.at(3).toString(), QStringLiteral("error"));

        // The room on screen needs no toast while the window is active (set explicitly: the
        // offscreen platform's application state differs between machines).
        notifier.setProperty("appActive", true);
        notifier.setProperty("currentRoom", QStringLiteral("alerts"));
        notifier.notify(QStringLiteral("alerts"), QStringLiteral("t"), QString(),
                        QStringLiteral("info"));
        QCOMPARE(toasts.count(), 0);

        // Inactive window, no notification server: a toast, even for the room on screen.
        notifier.setProperty("appActive", false);
        notifier.notify(QStringLiteral("alerts"), QStringLiteral("t"), QString(),
                        QStringLiteral("info"));
        QCOMPARE(toasts.count(), 1);
    }

    void muteAllSilencesEverything()
    {
        models::Notifier notifier;
        notifier.setDesktop(
            new models::DesktopNotifications(QDBusConnection(QString()), &notifier));
        notifier.setProperty("appActive", false);
        QSignalSpy toasts(&notifier, &models::Notifier::toast);
        notifier.setProperty("allMuted", true);
        notifier.notify(QStringLiteral("alerts"), QStringLiteral("t"), QString(),
                        QStringLiteral("error"));
        QCOMPARE(toasts.count(), 0);
        notifier.setProperty("allMuted", false);
        notifier.notify(QStringLiteral("alerts"), QStringLiteral("t"), QString(),
                        QStringLiteral("error"));
        QCOMPARE(toasts.count(), 1);
    }

    void desktopNotificationOpensTheRoom()
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty())
            QSKIP("dbus-daemon is not installed");
        m_bus.start(daemon, {QStringLiteral("--session"), QStringLiteral("--nofork"),
                             QStringLiteral("--print-address")});
        QVERIFY(m_bus.waitForStarted());
        QTRY_VERIFY(m_bus.canReadLine());
        const QString address = QString::fromUtf8(m_bus.readLine()).trimmed();

        QDBusConnection serverBus =
            QDBusConnection::connectToBus(address, QStringLiteral("server"));
        QDBusConnection clientBus =
            QDBusConnection::connectToBus(address, QStringLiteral("client"));
        QVERIFY(serverBus.isConnected() && clientBus.isConnected());
        FakeNotificationServer fake;
        QVERIFY(serverBus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &fake,
                                         QDBusConnection::ExportAllSlots |
                                             QDBusConnection::ExportAllSignals));
        QVERIFY(serverBus.registerService(models::DesktopNotifications::kService));

        models::Notifier notifier;
        auto *desktop = new models::DesktopNotifications(clientBus, &notifier);
        notifier.setDesktop(desktop);
        QVERIFY(notifier.desktopAvailable());
        notifier.setProperty("appActive", false);
        QSignalSpy toasts(&notifier, &models::Notifier::toast);
        QSignalSpy shown(desktop, &models::DesktopNotifications::shown);
        QSignalSpy opened(&notifier, &models::Notifier::roomActivated);

        notifier.notify(QStringLiteral("alerts"), QStringLiteral("Deploy failed"),
                        QStringLiteral("api 1.42"), QStringLiteral("error"));
        QTRY_COMPARE(shown.count(), 1);
        QCOMPARE(toasts.count(), 0);
        QCOMPARE(fake.summaries, QStringList{QStringLiteral("Deploy failed · #alerts")});
        QCOMPARE(fake.bodies, QStringList{QStringLiteral("api 1.42")});
        QCOMPARE(fake.actions.constFirst().constFirst(), QStringLiteral("default"));
        // Named after the installed desktop entry and icon (org.roomcast.Roomcast.desktop,
        // hicolor/*/apps/org.roomcast.Roomcast.*), so the server finds both.
        QCOMPARE(fake.appNames, QStringList{QStringLiteral("Roomcast")});
        QCOMPARE(fake.icons, QStringList{QStringLiteral("org.roomcast.Roomcast")});
        const QVariantMap hints = fake.hintMaps.constFirst();
        QCOMPARE(hints.value(QStringLiteral("desktop-entry")).toString(),
                 QStringLiteral("org.roomcast.Roomcast"));
        QCOMPARE(hints.value(QStringLiteral("urgency")).toInt(), 2); // "error"
        QCOMPARE(hints.value(QStringLiteral("category")).toString(), QStringLiteral("im.received"));

        Q_EMIT fake.ActionInvoked(shown.constFirst().constFirst().toUInt(),
                                  QStringLiteral("default"));
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.constFirst().constFirst().toString(), QStringLiteral("alerts"));

        // Turned off by the person: the toast instead.
        notifier.setProperty("desktopEnabled", false);
        notifier.notify(QStringLiteral("alerts"), QStringLiteral("x"), QString(),
                        QStringLiteral("info"));
        QCOMPARE(toasts.count(), 1);

        QDBusConnection::disconnectFromBus(QStringLiteral("server"));
        QDBusConnection::disconnectFromBus(QStringLiteral("client"));
    }

private:
    std::unique_ptr<UiFixture> m_fx;
    QProcess m_bus;
};

QTEST_GUILESS_MAIN(TstNotifier)
#include "tst_notifier.moc"
