// The tray icon as a tray sees it: a private session bus with a StatusNotifierWatcher of
// the test's own (as Plasma or GNOME's AppIndicator extension run), the app's
// org.kde.StatusNotifierItem and com.canonical.dbusmenu read and driven over D-Bus, the way
// a tray host does. Every call goes through the bus daemon, asynchronously (the item and
// the test share a thread).
#include "models/statusnotifieritem.h"
#include "models/statusnotifiertypes.h"
#include "models/trayicon.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusPendingReply>
#include <QDir>
#include <QGuiApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QtEndian>

using namespace roomcast::models;

class FakeWatcher : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierWatcher")
    Q_PROPERTY(bool IsStatusNotifierHostRegistered READ hostRegistered)
    Q_PROPERTY(int ProtocolVersion READ protocolVersion)
    Q_PROPERTY(QStringList RegisteredStatusNotifierItems MEMBER items)
public:
    QStringList items;
    bool hostRegistered() const { return true; }
    int protocolVersion() const { return 0; }
public Q_SLOTS:
    void RegisterStatusNotifierItem(const QString &service) { items << service; }
    void RegisterStatusNotifierHost(const QString &) {}
};

class TstTray : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        QVERIFY2(!daemon.isEmpty(), "dbus-daemon (scripts/install-deps.sh) is needed");
        m_bus.start(daemon, {QStringLiteral("--session"), QStringLiteral("--nofork"),
                             QStringLiteral("--print-address")});
        QVERIFY(m_bus.waitForStarted());
        QTRY_VERIFY(m_bus.canReadLine());
        m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
        roomcast::models::sni::registerStatusNotifierTypes();
    }
    void cleanupTestCase()
    {
        m_bus.kill();
        m_bus.waitForFinished();
    }

    void registersAndShowsUnreadAndState()
    {
        QDBusConnection host = QDBusConnection::connectToBus(m_address, QStringLiteral("host"));
        QDBusConnection app = QDBusConnection::connectToBus(m_address, QStringLiteral("app"));
        QVERIFY(host.isConnected() && app.isConnected());
        FakeWatcher watcher;
        QVERIFY(host.registerObject(StatusNotifierItem::kWatcherPath, &watcher,
                                    QDBusConnection::ExportAllContents));
        QVERIFY(host.registerService(StatusNotifierItem::kWatcherService));

        TrayIcon tray(app);
        QTRY_VERIFY(tray.available());
        QCOMPARE(watcher.items.size(), 1);
        const QString service = watcher.items.constFirst();
        QVERIFY(service.startsWith(QStringLiteral("org.kde.StatusNotifierItem-")));

        // Offline, nothing unread: a grey icon without a badge, status Active.
        QCOMPARE(property<QString>(host, service, QStringLiteral("Title")),
                 QStringLiteral("Roomcast"));
        QCOMPARE(property<QString>(host, service, QStringLiteral("Status")),
                 QStringLiteral("Active"));
        QCOMPARE(property<QString>(host, service, QStringLiteral("Category")),
                 QStringLiteral("Communications"));
        QCOMPARE(property<QString>(host, service, QStringLiteral("Id")),
                 QStringLiteral("org.roomcast.Roomcast")); // the installed desktop entry's id
        // Pixmaps only: a host prefers an icon name, which would hide the state drawn below.
        QCOMPARE(property<QString>(host, service, QStringLiteral("IconName")), QString());
        QImage icon = iconOf(host, service);
        QCOMPARE(icon.size(), QSize(64, 64));
        QCOMPARE(icon.pixelColor(8, 40), QColor(0x8a, 0x8f, 0x98)); // greyed body
        QCOMPARE(icon.pixelColor(49, 15).alpha(), 255);
        QVERIFY(icon.pixelColor(49, 6) != QColor(0xdc, 0x26, 0x26)); // no badge

        // Connected with 3 unread: the app's blue, a red badge, NeedsAttention, the tooltip.
        QSignalSpy changed(&tray, &TrayIcon::changed);
        tray.setConnected(true);
        tray.setStatusText(QStringLiteral("Connected · 2 ms · node-a"));
        tray.setUnread(3);
        QCOMPARE(property<QString>(host, service, QStringLiteral("Title")),
                 QStringLiteral("Roomcast (3)"));
        QCOMPARE(property<QString>(host, service, QStringLiteral("Status")),
                 QStringLiteral("NeedsAttention"));
        const auto tip = property<sni::ToolTip>(host, service, QStringLiteral("ToolTip"));
        QCOMPARE(tip.title, QStringLiteral("Roomcast"));
        QCOMPARE(tip.text, QStringLiteral("3 unread · Connected · 2 ms · node-a"));
        icon = iconOf(host, service);
        QCOMPARE(icon.pixelColor(8, 40), QColor(0x1d, 0x6f, 0xa5));
        QCOMPARE(icon.pixelColor(49, 4), QColor(0xdc, 0x26, 0x26)); // the badge

        // Muted: no attention asked, said in the tooltip.
        tray.setAllMuted(true);
        QCOMPARE(property<QString>(host, service, QStringLiteral("Status")),
                 QStringLiteral("Active"));
        QCOMPARE(property<sni::ToolTip>(host, service, QStringLiteral("ToolTip")).text,
                 QStringLiteral("3 unread · notifications muted · Connected · 2 ms · node-a"));
        QVERIFY(changed.count() >= 4);
        // What the tray shows, for a person to look at (build/artifacts).
        QDir().mkpath(QStringLiteral(ROOMCAST_ARTIFACTS));
        TrayIcon::render(0, false).save(QStringLiteral(ROOMCAST_ARTIFACTS "/tray-offline.png"));
        TrayIcon::render(3, true).save(QStringLiteral(ROOMCAST_ARTIFACTS "/tray-3-unread.png"));
        host.unregisterService(StatusNotifierItem::kWatcherService);
        QDBusConnection::disconnectFromBus(QStringLiteral("host"));
        QDBusConnection::disconnectFromBus(QStringLiteral("app"));
    }

    void menuAndActivationReachTheApp()
    {
        QDBusConnection host = QDBusConnection::connectToBus(m_address, QStringLiteral("host2"));
        QDBusConnection app = QDBusConnection::connectToBus(m_address, QStringLiteral("app2"));
        FakeWatcher watcher;
        QVERIFY(host.registerObject(StatusNotifierItem::kWatcherPath, &watcher,
                                    QDBusConnection::ExportAllContents));
        QVERIFY(host.registerService(StatusNotifierItem::kWatcherService));
        TrayIcon tray(app);
        QTRY_COMPARE(watcher.items.size(), 1);
        const QString service = watcher.items.constFirst();
        QCOMPARE(property<QDBusObjectPath>(host, service, QStringLiteral("Menu")).path(),
                 StatusNotifierItem::kMenuPath);

        // The menu as a tray host reads it.
        QDBusMessage get = QDBusMessage::createMethodCall(service, StatusNotifierItem::kMenuPath,
                                                          QStringLiteral("com.canonical.dbusmenu"),
                                                          QStringLiteral("GetLayout"));
        get << 0 << -1 << QStringList();
        QDBusPendingReply<uint, sni::MenuLayout> layout = host.asyncCall(get);
        QTRY_VERIFY(layout.isFinished());
        QVERIFY2(!layout.isError(), qPrintable(layout.error().message()));
        const sni::MenuLayout root = layout.argumentAt<1>();
        QStringList labels;
        QList<int> ids;
        for (const QDBusVariant &child : root.children) {
            const auto item = qdbus_cast<sni::MenuLayout>(child.variant());
            labels << item.properties.value(QStringLiteral("label")).toString();
            ids << item.id;
        }
        QCOMPARE(labels,
                 (QStringList{QStringLiteral("Open Roomcast"),
                              QStringLiteral("Mute all notifications"), QStringLiteral("Quit")}));

        QSignalSpy open(&tray, &TrayIcon::openRequested);
        QSignalSpy mute(&tray, &TrayIcon::muteAllRequested);
        QSignalSpy quit(&tray, &TrayIcon::quitRequested);
        const auto click = [&](int id) {
            QDBusMessage event = QDBusMessage::createMethodCall(
                service, StatusNotifierItem::kMenuPath, QStringLiteral("com.canonical.dbusmenu"),
                QStringLiteral("Event"));
            event << id << QStringLiteral("clicked") << QVariant::fromValue(QDBusVariant(0))
                  << uint(0);
            host.asyncCall(event);
        };
        click(ids[1]);
        QTRY_COMPARE(mute.count(), 1);
        QCOMPARE(mute.constFirst().constFirst().toBool(), true);
        click(ids[2]);
        QTRY_COMPARE(quit.count(), 1);
        // libdbusmenu hosts (Xfce, GNOME's extension) send clicks as EventGroup.
        QDBusMessage group = QDBusMessage::createMethodCall(
            service, StatusNotifierItem::kMenuPath, QStringLiteral("com.canonical.dbusmenu"),
            QStringLiteral("EventGroup"));
        sni::MenuEventList events{{ids[0], QStringLiteral("clicked"), QDBusVariant(0), 0},
                                  {99, QStringLiteral("clicked"), QDBusVariant(0), 0}};
        group << QVariant::fromValue(events);
        QDBusPendingReply<QList<int>> unknown = host.asyncCall(group);
        QTRY_VERIFY(unknown.isFinished());
        QVERIFY2(!unknown.isError(), qPrintable(unknown.error().message()));
        QCOMPARE(unknown.value(), QList<int>{99}); // the id it does not know
        QTRY_COMPARE(open.count(), 1);
        QDBusMessage aboutToShow = QDBusMessage::createMethodCall(
            service, StatusNotifierItem::kMenuPath, QStringLiteral("com.canonical.dbusmenu"),
            QStringLiteral("AboutToShowGroup"));
        aboutToShow << QVariant::fromValue(QList<int>{0});
        QDBusPendingCall shown = host.asyncCall(aboutToShow);
        QTRY_VERIFY(shown.isFinished());
        QVERIFY2(!shown.isError(), qPrintable(shown.error().message()));

        // A banner change (the RTT of every ping) does not make the host fetch the menu again.
        QSignalSpy relayouts(&tray, &TrayIcon::changed);
        int layoutUpdates = 0;
        QVERIFY(host.connect(service, StatusNotifierItem::kMenuPath,
                             QStringLiteral("com.canonical.dbusmenu"),
                             QStringLiteral("LayoutUpdated"), this, SLOT(onLayoutUpdated())));
        m_layoutUpdates = &layoutUpdates;
        tray.setStatusText(QStringLiteral("Connected · 3 ms"));
        tray.setStatusText(QStringLiteral("Connected · 4 ms"));
        tray.setAllMuted(true); // this one changes a menu entry
        QTRY_COMPARE(layoutUpdates, 1);
        QCOMPARE(relayouts.count(), 3);
        m_layoutUpdates = nullptr;
        // A left click on the icon opens the window too.
        QDBusMessage activate = QDBusMessage::createMethodCall(
            service, StatusNotifierItem::kItemPath, QStringLiteral("org.kde.StatusNotifierItem"),
            QStringLiteral("Activate"));
        activate << 10 << 10;
        host.asyncCall(activate);
        QTRY_COMPARE(open.count(), 2);

        // The tray goes away and comes back (a Plasma restart): the item registers again, and
        // meanwhile closing the window must quit instead of hiding into nothing.
        QVERIFY(tray.hideOnClose());
        QVERIFY(host.unregisterService(StatusNotifierItem::kWatcherService));
        QTRY_VERIFY(!tray.available());
        QVERIFY(!tray.hideOnClose());
        QVERIFY(host.registerService(StatusNotifierItem::kWatcherService));
        QTRY_COMPARE(watcher.items.size(), 2);
        QTRY_VERIFY(tray.available());
        host.unregisterService(StatusNotifierItem::kWatcherService);
        QDBusConnection::disconnectFromBus(QStringLiteral("host2"));
        QDBusConnection::disconnectFromBus(QStringLiteral("app2"));
    }

    void noTrayMeansNoHiding()
    {
        QDBusConnection app = QDBusConnection::connectToBus(m_address, QStringLiteral("app3"));
        QTRY_VERIFY(!app.interface()->isServiceRegistered(StatusNotifierItem::kWatcherService));
        TrayIcon tray(app);
        QVERIFY(!tray.available());
        QVERIFY(!tray.hideOnClose());
        QDBusConnection::disconnectFromBus(QStringLiteral("app3"));
    }

public Q_SLOTS:
    void onLayoutUpdated()
    {
        if (m_layoutUpdates)
            ++*m_layoutUpdates;
    }

private:
    int *m_layoutUpdates = nullptr;
    template <typename T>
    T property(QDBusConnection &bus, const QString &service, const QString &name)
    {
        QDBusMessage get = QDBusMessage::createMethodCall(
            service, StatusNotifierItem::kItemPath,
            QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
        get << QStringLiteral("org.kde.StatusNotifierItem") << name;
        QDBusPendingReply<QDBusVariant> reply = bus.asyncCall(get);
        if (!QTest::qWaitFor([&] { return reply.isFinished(); }, 5000) || reply.isError()) {
            qWarning() << "Get" << name << reply.error().message();
            return T();
        }
        return qdbus_cast<T>(reply.value().variant());
    }

    QImage iconOf(QDBusConnection &bus, const QString &service)
    {
        const auto pixmaps = property<sni::PixmapList>(bus, service, QStringLiteral("IconPixmap"));
        for (const sni::Pixmap &p : pixmaps) {
            if (p.width != 64)
                continue;
            QImage image(p.width, p.height, QImage::Format_ARGB32);
            const auto *in = reinterpret_cast<const quint32 *>(p.argb.constData());
            for (int y = 0; y < p.height; ++y)
                for (int x = 0; x < p.width; ++x)
                    image.setPixel(x, y, qFromBigEndian(*in++));
            return image;
        }
        return {};
    }

    QProcess m_bus;
    QString m_address;
};

QTEST_MAIN(TstTray) // QtGui is linked: a QGuiApplication
#include "tst_tray.moc"
