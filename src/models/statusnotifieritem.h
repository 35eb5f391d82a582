#pragma once

#include "statusnotifiertypes.h"

#include <QDBusConnection>
#include <QDBusServiceWatcher>
#include <QImage>
#include <QObject>

#include <memory>

namespace roomcast::models {

namespace sni {
class ItemObject;
class MenuObject;
} // namespace sni

//! A tray icon as the freedesktop StatusNotifierItem spec has it (what Qt's own D-Bus tray
//! speaks, without needing QtWidgets): an org.kde.StatusNotifierItem object with a
//! com.canonical.dbusmenu menu, registered with the org.kde.StatusNotifierWatcher of the
//! bus and again whenever a watcher (re)appears. Only a transport; TrayIcon decides what it
//! shows.
class StatusNotifierItem : public QObject
{
    Q_OBJECT
public:
    static inline const QString kWatcherService = QStringLiteral("org.kde.StatusNotifierWatcher");
    static inline const QString kWatcherPath = QStringLiteral("/StatusNotifierWatcher");
    static inline const QString kItemPath = QStringLiteral("/StatusNotifierItem");
    static inline const QString kMenuPath = QStringLiteral("/MenuBar");

    struct MenuEntry
    {
        int id = 0; //!< > 0
        QString label;
        bool checkable = false;
        bool checked = false;
    };

    //! `bus`: the session bus normally; tests pass a private one.
    explicit StatusNotifierItem(const QDBusConnection &bus = QDBusConnection::sessionBus(),
                                QObject *parent = nullptr);
    ~StatusNotifierItem() override;

    //! A watcher is on the bus: the item is shown by a tray.
    bool available() const { return m_available; }
    QString serviceName() const { return m_serviceName; }

    void setTitle(const QString &title);
    void setNeedsAttention(bool attention);
    void setIcon(const QImage &icon); //!< sent as ARGB32 pixmaps, several sizes
    void setToolTip(const QString &title, const QString &text);
    void setMenu(const QList<MenuEntry> &entries);

Q_SIGNALS:
    void availableChanged();
    //! Clicked (or otherwise activated) in the tray.
    void activated();
    //! A menu entry was chosen.
    void menuTriggered(int id);

private:
    friend class sni::ItemObject;
    friend class sni::MenuObject;
    void registerWithWatcher();
    void setAvailable(bool available);

    QDBusConnection m_bus;
    QString m_serviceName;
    QDBusServiceWatcher m_watcher;
    std::unique_ptr<sni::ItemObject> m_item;
    std::unique_ptr<sni::MenuObject> m_menu;
    bool m_available = false;
};

} // namespace roomcast::models
