#include "statusnotifieritem.h"

#include "logging.h"
#include "statusnotifieritem_p.h"

#include <QCoreApplication>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QtEndian>

#include <algorithm>

namespace roomcast::models {

namespace {

sni::Pixmap toPixmap(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    sni::Pixmap p{argb.width(), argb.height(), QByteArray()};
    p.argb.resize(qsizetype(argb.width()) * argb.height() * 4);
    auto *out = reinterpret_cast<quint32 *>(p.argb.data());
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const quint32 *>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x)
            *out++ = qToBigEndian(line[x]); // the spec: ARGB32 in network byte order
    }
    return p;
}

} // namespace

StatusNotifierItem::StatusNotifierItem(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_bus(bus), m_item(std::make_unique<sni::ItemObject>(this)),
      m_menu(std::make_unique<sni::MenuObject>(this))
{
    sni::registerStatusNotifierTypes();
    static int instances = 0;
    m_serviceName = QStringLiteral("org.kde.StatusNotifierItem-%1-%2")
                        .arg(QCoreApplication::applicationPid())
                        .arg(++instances);
    if (!m_bus.isConnected()) {
        qCDebug(lcModels) << "tray: no session bus, so no tray icon";
        return;
    }
    const auto exported = QDBusConnection::ExportAllContents;
    if (!m_bus.registerObject(kItemPath, m_item.get(), exported) ||
        !m_bus.registerObject(kMenuPath, m_menu.get(), exported) ||
        !m_bus.registerService(m_serviceName)) {
        qCWarning(lcModels) << "tray: cannot export the status notifier item:"
                            << m_bus.lastError().message();
        return;
    }
    m_watcher.setConnection(m_bus);
    m_watcher.setWatchMode(QDBusServiceWatcher::WatchForOwnerChange);
    m_watcher.addWatchedService(kWatcherService);
    connect(&m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) {
                if (newOwner.isEmpty())
                    setAvailable(false);
                else
                    registerWithWatcher(); // a (new) tray: show up in it
            });
    if (m_bus.interface() && m_bus.interface()->isServiceRegistered(kWatcherService))
        registerWithWatcher();
}

StatusNotifierItem::~StatusNotifierItem()
{
    m_bus.unregisterService(m_serviceName);
    m_bus.unregisterObject(kItemPath);
    m_bus.unregisterObject(kMenuPath);
}

void StatusNotifierItem::registerWithWatcher()
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(kWatcherService, kWatcherPath, kWatcherService,
                                       QStringLiteral("RegisterStatusNotifierItem"));
    call << m_serviceName;
    auto *watch = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watch, &QDBusPendingCallWatcher::finished, this, [this, watch] {
        watch->deleteLater();
        if (watch->isError())
            qCWarning(lcModels) << "tray: the watcher refused the item:"
                                << watch->error().message();
        setAvailable(!watch->isError());
    });
}

void StatusNotifierItem::setAvailable(bool available)
{
    if (available == m_available)
        return;
    m_available = available;
    Q_EMIT availableChanged();
}

void StatusNotifierItem::setTitle(const QString &title)
{
    if (title == m_item->m_title)
        return;
    m_item->m_title = title;
    Q_EMIT m_item->NewTitle();
}

void StatusNotifierItem::setNeedsAttention(bool attention)
{
    if (attention == m_item->m_attention)
        return;
    m_item->m_attention = attention;
    Q_EMIT m_item->NewStatus(m_item->status());
}

void StatusNotifierItem::setIcon(const QImage &icon)
{
    m_item->m_pixmaps.clear();
    for (const int size : {16, 22, 32, 48, 64})
        m_item->m_pixmaps.append(
            toPixmap(icon.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    Q_EMIT m_item->NewIcon();
    Q_EMIT m_item->NewAttentionIcon();
}

void StatusNotifierItem::setToolTip(const QString &title, const QString &text)
{
    if (title == m_item->m_toolTip.title && text == m_item->m_toolTip.text)
        return;
    m_item->m_toolTip.title = title;
    m_item->m_toolTip.text = text;
    Q_EMIT m_item->NewToolTip();
}

void StatusNotifierItem::setMenu(const QList<MenuEntry> &entries)
{
    const auto same = [](const MenuEntry &a, const MenuEntry &b) {
        return a.id == b.id && a.label == b.label && a.checkable == b.checkable &&
               a.checked == b.checked;
    };
    if (std::equal(entries.cbegin(), entries.cend(), m_menu->m_entries.cbegin(),
                   m_menu->m_entries.cend(), same))
        return; // an unchanged menu is not announced (hosts fetch the whole layout again)
    m_menu->m_entries = entries;
    Q_EMIT m_menu->LayoutUpdated(++m_menu->m_revision, 0);
}

namespace sni {

void ItemObject::Activate(int, int)
{
    Q_EMIT m_owner->activated();
}

void ItemObject::SecondaryActivate(int, int)
{
    Q_EMIT m_owner->activated();
}

void ItemObject::ContextMenu(int, int) {} // the tray shows the exported menu itself

void ItemObject::Scroll(int, const QString &) {}

QVariantMap MenuObject::propertiesOf(int id) const
{
    if (id == 0)
        return {{QStringLiteral("children-display"), QStringLiteral("submenu")}};
    for (const StatusNotifierItem::MenuEntry &e : m_entries) {
        if (e.id != id)
            continue;
        QVariantMap p{{QStringLiteral("label"), e.label},
                      {QStringLiteral("enabled"), true},
                      {QStringLiteral("visible"), true}};
        if (e.checkable) {
            p.insert(QStringLiteral("toggle-type"), QStringLiteral("checkmark"));
            p.insert(QStringLiteral("toggle-state"), e.checked ? 1 : 0);
        }
        return p;
    }
    return {};
}

uint MenuObject::GetLayout(int parentId, int recursionDepth, const QStringList &,
                           MenuLayout &layout)
{
    layout = MenuLayout{parentId, propertiesOf(parentId), {}};
    if (parentId == 0 && recursionDepth != 0) // one level: the entries hang off the root
        for (const StatusNotifierItem::MenuEntry &e : m_entries)
            layout.children.append(
                QDBusVariant(QVariant::fromValue(MenuLayout{e.id, propertiesOf(e.id), {}})));
    return m_revision;
}

MenuItemPropertiesList MenuObject::GetGroupProperties(const QList<int> &ids, const QStringList &)
{
    MenuItemPropertiesList list;
    for (const int id : ids)
        list.append(MenuItemProperties{id, propertiesOf(id)});
    return list;
}

QDBusVariant MenuObject::GetProperty(int id, const QString &name)
{
    return QDBusVariant(propertiesOf(id).value(name));
}

void MenuObject::Event(int id, const QString &eventId, const QDBusVariant &, uint)
{
    if (eventId == QLatin1String("clicked") && id > 0)
        Q_EMIT m_owner->menuTriggered(id);
}

void MenuObject::EventGroup(const QDBusMessage &message)
{
    QList<int> unknown;
    const QList<QVariant> args = message.arguments();
    const MenuEventList events =
        args.isEmpty() ? MenuEventList() : qdbus_cast<MenuEventList>(args.constFirst());
    for (const MenuEvent &e : events) {
        const bool known =
            std::any_of(m_entries.cbegin(), m_entries.cend(),
                        [&](const StatusNotifierItem::MenuEntry &x) { return x.id == e.id; });
        if (known)
            Event(e.id, e.eventId, e.data, e.timestamp);
        else
            unknown.append(e.id);
    }
    setDelayedReply(true);
    connection().send(message.createReply(QVariant::fromValue(unknown)));
}

void MenuObject::AboutToShowGroup(const QDBusMessage &message)
{
    setDelayedReply(true);
    connection().send(message.createReply(
        {QVariant::fromValue(QList<int>()), QVariant::fromValue(QList<int>())}));
}

bool MenuObject::AboutToShow(int)
{
    return false; // the layout is always current
}

} // namespace sni

} // namespace roomcast::models
