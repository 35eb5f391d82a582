#include "statusnotifiertypes.h"

#include <QDBusMetaType>

using namespace roomcast::models::sni;

QDBusArgument &operator<<(QDBusArgument &a, const Pixmap &p)
{
    a.beginStructure();
    a << p.width << p.height << p.argb;
    a.endStructure();
    return a;
}

const QDBusArgument &operator>>(const QDBusArgument &a, Pixmap &p)
{
    a.beginStructure();
    a >> p.width >> p.height >> p.argb;
    a.endStructure();
    return a;
}

QDBusArgument &operator<<(QDBusArgument &a, const ToolTip &t)
{
    a.beginStructure();
    a << t.iconName << t.pixmaps << t.title << t.text;
    a.endStructure();
    return a;
}

const QDBusArgument &operator>>(const QDBusArgument &a, ToolTip &t)
{
    a.beginStructure();
    a >> t.iconName >> t.pixmaps >> t.title >> t.text;
    a.endStructure();
    return a;
}

QDBusArgument &operator<<(QDBusArgument &a, const MenuLayout &l)
{
    a.beginStructure();
    a << l.id << l.properties;
    a.beginArray(qMetaTypeId<QDBusVariant>());
    for (const QDBusVariant &child : l.children)
        a << child;
    a.endArray();
    a.endStructure();
    return a;
}

const QDBusArgument &operator>>(const QDBusArgument &a, MenuLayout &l)
{
    a.beginStructure();
    a >> l.id >> l.properties;
    l.children.clear();
    a.beginArray();
    while (!a.atEnd()) {
        QDBusVariant child;
        a >> child;
        l.children.append(child);
    }
    a.endArray();
    a.endStructure();
    return a;
}

QDBusArgument &operator<<(QDBusArgument &a, const MenuItemProperties &p)
{
    a.beginStructure();
    a << p.id << p.properties;
    a.endStructure();
    return a;
}

const QDBusArgument &operator>>(const QDBusArgument &a, MenuItemProperties &p)
{
    a.beginStructure();
    a >> p.id >> p.properties;
    a.endStructure();
    return a;
}

QDBusArgument &operator<<(QDBusArgument &a, const MenuEvent &e)
{
    a.beginStructure();
    a << e.id << e.eventId << e.data << e.timestamp;
    a.endStructure();
    return a;
}

const QDBusArgument &operator>>(const QDBusArgument &a, MenuEvent &e)
{
    a.beginStructure();
    a >> e.id >> e.eventId >> e.data >> e.timestamp;
    a.endStructure();
    return a;
}

namespace roomcast::models::sni {

void registerStatusNotifierTypes()
{
    static const bool done = [] {
        qDBusRegisterMetaType<Pixmap>();
        qDBusRegisterMetaType<PixmapList>();
        qDBusRegisterMetaType<ToolTip>();
        qDBusRegisterMetaType<MenuLayout>();
        qDBusRegisterMetaType<MenuItemProperties>();
        qDBusRegisterMetaType<MenuItemPropertiesList>();
        qDBusRegisterMetaType<MenuEvent>();
        qDBusRegisterMetaType<MenuEventList>();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace roomcast::models::sni
