#pragma once

// The two objects StatusNotifierItem exports (one per D-Bus interface); their property,
// slot and signal names are the spec's.

#include "statusnotifieritem.h"

#include <QDBusContext>
#include <QDBusMessage>
#include <QDBusObjectPath>

namespace roomcast::models::sni {

class ItemObject : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.StatusNotifierItem")
    Q_PROPERTY(QString Category READ category)
    Q_PROPERTY(QString Id READ id)
    Q_PROPERTY(QString Title READ title)
    Q_PROPERTY(QString Status READ status)
    Q_PROPERTY(int WindowId READ windowId)
    //! No icon name: hosts prefer a name to the pixmaps, and only the pixmaps show the state
    //! (greyed while offline, the unread badge) that TrayIcon renders.
    Q_PROPERTY(QString IconName READ emptyName)
    Q_PROPERTY(roomcast::models::sni::PixmapList IconPixmap READ iconPixmap)
    Q_PROPERTY(QString OverlayIconName READ emptyName)
    Q_PROPERTY(roomcast::models::sni::PixmapList OverlayIconPixmap READ noPixmaps)
    Q_PROPERTY(QString AttentionIconName READ emptyName)
    Q_PROPERTY(roomcast::models::sni::PixmapList AttentionIconPixmap READ iconPixmap)
    Q_PROPERTY(roomcast::models::sni::ToolTip ToolTip READ toolTip)
    Q_PROPERTY(bool ItemIsMenu READ itemIsMenu)
    Q_PROPERTY(QDBusObjectPath Menu READ menu)
public:
    explicit ItemObject(StatusNotifierItem *owner) : m_owner(owner) {}

    QString category() const { return QStringLiteral("Communications"); }
    QString id() const { return QStringLiteral(ROOMCAST_APP_ID); }
    QString title() const { return m_title; }
    QString status() const
    {
        return m_attention ? QStringLiteral("NeedsAttention") : QStringLiteral("Active");
    }
    int windowId() const { return 0; }
    QString emptyName() const { return {}; }
    PixmapList iconPixmap() const { return m_pixmaps; }
    PixmapList noPixmaps() const { return {}; }
    ToolTip toolTip() const { return m_toolTip; }
    bool itemIsMenu() const { return false; }
    QDBusObjectPath menu() const { return QDBusObjectPath(StatusNotifierItem::kMenuPath); }

    QString m_title;
    bool m_attention = false;
    PixmapList m_pixmaps;
    ToolTip m_toolTip;

public Q_SLOTS:
    void Activate(int x, int y);
    void SecondaryActivate(int x, int y);
    void ContextMenu(int x, int y);
    void Scroll(int delta, const QString &orientation);

Q_SIGNALS:
    void NewTitle();
    void NewIcon();
    void NewAttentionIcon();
    void NewOverlayIcon();
    void NewToolTip();
    void NewStatus(const QString &status);

private:
    StatusNotifierItem *m_owner;
};

class MenuObject : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "com.canonical.dbusmenu")
    Q_PROPERTY(uint Version READ version)
    Q_PROPERTY(QString TextDirection READ textDirection)
    Q_PROPERTY(QString Status READ status)
    Q_PROPERTY(QStringList IconThemePath READ iconThemePath)
public:
    explicit MenuObject(StatusNotifierItem *owner) : m_owner(owner) {}

    uint version() const { return 3; }
    QString textDirection() const { return QStringLiteral("ltr"); }
    QString status() const { return QStringLiteral("normal"); }
    QStringList iconThemePath() const { return {}; }

    QList<StatusNotifierItem::MenuEntry> m_entries;
    uint m_revision = 1;

public Q_SLOTS:
    uint GetLayout(int parentId, int recursionDepth, const QStringList &propertyNames,
                   roomcast::models::sni::MenuLayout &layout);
    roomcast::models::sni::MenuItemPropertiesList
    GetGroupProperties(const QList<int> &ids, const QStringList &propertyNames);
    QDBusVariant GetProperty(int id, const QString &name);
    void Event(int id, const QString &eventId, const QDBusVariant &data, uint timestamp);
    //! What libdbusmenu hosts send instead of Event, a(isvu) -> ai (the ids not known). Taken
    //! as the raw message: QtDBus does not match a slot on an array of structs.
    void EventGroup(const QDBusMessage &message);
    bool AboutToShow(int id);
    //! ai -> (ai updatesNeeded, ai idErrors); none: the layout is always current.
    void AboutToShowGroup(const QDBusMessage &message);

Q_SIGNALS:
    void LayoutUpdated(uint revision, int parent);

private:
    QVariantMap propertiesOf(int id) const;
    StatusNotifierItem *m_owner;
};

} // namespace roomcast::models::sni
