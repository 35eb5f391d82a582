#pragma once

// The D-Bus structures of the StatusNotifierItem and com.canonical.dbusmenu interfaces
// (what KDE Plasma, GNOME's AppIndicator extension and other trays read), with their
// QDBusArgument marshalling. registerStatusNotifierTypes() once before use.

#include <QByteArray>
#include <QDBusArgument>
#include <QDBusVariant>
#include <QList>
#include <QString>
#include <QVariantMap>

namespace roomcast::models::sni {

//! One icon size: ARGB32 pixels in network byte order, as the spec wants.
struct Pixmap
{
    int width = 0;
    int height = 0;
    QByteArray argb;
};
using PixmapList = QList<Pixmap>;

struct ToolTip
{
    QString iconName;
    PixmapList pixmaps;
    QString title;
    QString text;
};

//! (ia{sv}av): an item, its properties and its children (each a variant of a MenuLayout).
struct MenuLayout
{
    int id = 0;
    QVariantMap properties;
    QList<QDBusVariant> children;
};

//! (ia{sv}): an item's properties, for GetGroupProperties.
struct MenuItemProperties
{
    int id = 0;
    QVariantMap properties;
};
using MenuItemPropertiesList = QList<MenuItemProperties>;

//! (isvu): one event of EventGroup, which libdbusmenu hosts (Xfce, GNOME) send clicks with.
struct MenuEvent
{
    int id = 0;
    QString eventId;
    QDBusVariant data;
    uint timestamp = 0;
};
using MenuEventList = QList<MenuEvent>;

void registerStatusNotifierTypes();

} // namespace roomcast::models::sni

Q_DECLARE_METATYPE(roomcast::models::sni::Pixmap)
Q_DECLARE_METATYPE(roomcast::models::sni::ToolTip)
Q_DECLARE_METATYPE(roomcast::models::sni::MenuLayout)
Q_DECLARE_METATYPE(roomcast::models::sni::MenuItemProperties)
Q_DECLARE_METATYPE(roomcast::models::sni::MenuEvent)

QDBusArgument &operator<<(QDBusArgument &a, const roomcast::models::sni::Pixmap &p);
const QDBusArgument &operator>>(const QDBusArgument &a, roomcast::models::sni::Pixmap &p);
QDBusArgument &operator<<(QDBusArgument &a, const roomcast::models::sni::ToolTip &t);
const QDBusArgument &operator>>(const QDBusArgument &a, roomcast::models::sni::ToolTip &t);
QDBusArgument &operator<<(QDBusArgument &a, const roomcast::models::sni::MenuLayout &l);
const QDBusArgument &operator>>(const QDBusArgument &a, roomcast::models::sni::MenuLayout &l);
QDBusArgument &operator<<(QDBusArgument &a, const roomcast::models::sni::MenuItemProperties &p);
const QDBusArgument &operator>>(const QDBusArgument &a,
                                roomcast::models::sni::MenuItemProperties &p);
QDBusArgument &operator<<(QDBusArgument &a, const roomcast::models::sni::MenuEvent &e);
const QDBusArgument &operator>>(const QDBusArgument &a, roomcast::models::sni::MenuEvent &e);
