// The dashboard through the accessibility tree a screen reader sees (Orca reads the same
// tree over AT-SPI): the whole Main.qml against a real in-process node, with rooms, people,
// messages and a notification on screen. Every interactive item must have a name, and
// Tab must reach the composer and the room list.
#include "uifixture.h"

#include "models/session.h"

#include <QAccessible>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>

Q_IMPORT_QML_PLUGIN(Roomcast_ModelsPlugin)
Q_IMPORT_QML_PLUGIN(Roomcast_AppPlugin)

using namespace roomcast;
using namespace roomcast::test;

namespace {

bool isInteractive(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::Button:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::Link:
    case QAccessible::MenuItem:
    case QAccessible::PageTab:
    case QAccessible::ListItem:
        return true;
    default:
        return false;
    }
}

struct Node
{
    QAccessible::Role role;
    QString name;
    QString what; //!< for failure messages: the QML type and objectName
    bool visible;
};

void walk(QAccessibleInterface *iface, std::vector<Node> &out, int depth = 0)
{
    if (!iface || !iface->isValid() || depth > 64)
        return;
    QObject *object = iface->object();
    QString what = object ? QString::fromLatin1(object->metaObject()->className()) : QString();
    if (object && !object->objectName().isEmpty())
        what += QLatin1Char('#') + object->objectName();
    out.push_back({iface->role(), iface->text(QAccessible::Name), what,
                   !iface->state().invisible && !iface->state().offscreen});
    for (int i = 0; i < iface->childCount(); ++i)
        walk(iface->child(i), out, depth + 1);
}

//! The first item of the visual tree under `item` (delegates included) that `match`es.
QQuickItem *findItem(QQuickItem *item, const std::function<bool(QQuickItem *)> &match)
{
    if (match(item))
        return item;
    const QList<QQuickItem *> children = item->childItems();
    for (QQuickItem *child : children)
        if (QQuickItem *found = findItem(child, match))
            return found;
    return nullptr;
}

QQuickItem *findItem(QQuickWindow *window, const std::function<bool(QQuickItem *)> &match)
{
    return findItem(window->contentItem(), match);
}

} // namespace

class TstAccessibility : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_fx.server.start());
    }

    void everyInteractiveItemHasAName()
    {
        models::Session *session = models::Session::instance();
        session->join(QStringLiteral("general"));
        session->join(QStringLiteral("alerts"));
        session->start(m_fx.server.url(), m_fx.token("you", "You"));
        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.load(QUrl(QStringLiteral("qrc:/Roomcast/App/Main.qml")));
        QVERIFY(!engine.rootObjects().isEmpty());
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        QVERIFY(window);
        window->show();
        QTRY_VERIFY(session->connected() && session->roomsLoaded());
        QVERIFY(QMetaObject::invokeMethod(window, "openRoom",
                                          Q_ARG(QString, QStringLiteral("general"))));
        TestClient *amy = m_fx.peer("amy", "Amy", {"general", "alerts"});
        QVERIFY(amy);
        QVERIFY(UiFixture::say(amy, "general", "hello from Amy"));
        QVERIFY(UiFixture::publish(amy, "alerts", "notification",
                                   {{"title", "Disk almost full"}, {"level", "warning"}}));
        // Wait for what has to be on screen: the toast of the notification, the message row.
        QTRY_VERIFY(findItem(window, [](QQuickItem *i) {
            return i->property("title").toString() == QStringLiteral("Disk almost full");
        }));
        QTRY_VERIFY(findItem(window, [](QQuickItem *i) {
            return i->property("text").toString() == QStringLiteral("hello from Amy");
        }));

        // The offscreen platform has no accessibility bridge, so isActive() stays false, but
        // this tells every item and control that a screen reader is there, as the AT-SPI
        // bridge does: they attach their roles and names now.
        QAccessible::setActive(true);
        std::vector<Node> nodes;
        walk(QAccessible::queryAccessibleInterface(window), nodes);
        QStringList dump, unnamed;
        for (const Node &n : nodes) {
            dump << QStringLiteral("%1 %2 '%3'%4")
                        .arg(int(n.role))
                        .arg(n.what, n.name, n.visible ? QString() : QStringLiteral(" (hidden)"));
            if (n.visible && isInteractive(n.role) && n.name.trimmed().isEmpty())
                unnamed << n.what + QStringLiteral(" role ") + QString::number(int(n.role));
        }
        if (!unnamed.isEmpty())
            qDebug().noquote() << dump.join(QLatin1Char('\n'));
        QVERIFY2(nodes.size() > 20, "the accessibility tree is (nearly) empty");
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("unnamed: ") + unnamed.join(u", ")));

        // Keyboard: Tab from the start visits every control, the room list and the
        // composer (and gets out of the composer again), in reading order.
        auto *input = window->findChild<QQuickItem *>(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->setProperty("text", QStringLiteral("a draft")); // so that Send is enabled
        window->requestActivate();
        QTRY_VERIFY(window->isActive());
        window->contentItem()->forceActiveFocus();
        QStringList order;
        for (int i = 0; i < 30; ++i) {
            QTest::keyClick(window, Qt::Key_Tab);
            // The nearest named item: a row of the room list counts as the list.
            QQuickItem *focus = window->activeFocusItem();
            while (focus && focus->objectName().isEmpty())
                focus = focus->parentItem();
            order << (focus ? focus->objectName() : QStringLiteral("(nothing)"));
        }
        const QString chain = order.join(QStringLiteral(" > "));
        const QStringList wanted{
            QStringLiteral("addRoomButton"),     QStringLiteral("roomList"),
            QStringLiteral("muteButton"),        QStringLiteral("leaveButton"),
            QStringLiteral("diagnosticsButton"), QStringLiteral("composerInput"),
            QStringLiteral("sendButton")};
        qsizetype last = -1;
        for (const QString &w : wanted) {
            const qsizetype at = order.indexOf(w, last + 1);
            QVERIFY2(at > last, qPrintable(w + QStringLiteral(" not reached in order: ") + chain));
            last = at;
        }
    }

private:
    UiFixture m_fx;
};

QTEST_MAIN(TstAccessibility) // QtGui is linked: a QGuiApplication
#include "tst_accessibility.moc"
