#pragma once

#include <QDBusConnection>
#include <QImage>
#include <QObject>
#include <QQmlEngine>

namespace roomcast::models {

class StatusNotifierItem;

//! The app in the desktop's tray: its icon (greyed while not connected, with a red badge of
//! the unread count), a tooltip with the count and the connection state, and a menu: open,
//! mute all notifications, quit. QML binds the inputs and handles the requests; whether
//! closing the window hides it instead is `hideOnClose` (a tray is there and the setting
//! asks for it).
class TrayIcon : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int unread MEMBER m_unread WRITE setUnread NOTIFY changed)
    Q_PROPERTY(bool connected MEMBER m_connected WRITE setConnected NOTIFY changed)
    Q_PROPERTY(QString statusText MEMBER m_statusText WRITE setStatusText NOTIFY changed)
    Q_PROPERTY(bool allMuted MEMBER m_allMuted WRITE setAllMuted NOTIFY changed)
    //! The setting: keep running in the tray when the window is closed.
    Q_PROPERTY(bool keepInTray MEMBER m_keepInTray NOTIFY changed)
    //! A tray (StatusNotifierWatcher) shows the icon right now.
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)
public:
    enum MenuId { OpenEntry = 1, MuteAllEntry = 2, QuitEntry = 3 };

    explicit TrayIcon(QObject *parent = nullptr);
    //! `bus`: tests pass a private one.
    explicit TrayIcon(const QDBusConnection &bus, QObject *parent = nullptr);
    ~TrayIcon() override;

    void setUnread(int unread);
    void setConnected(bool connected);
    void setStatusText(const QString &text);
    void setAllMuted(bool muted);
    bool available() const;
    //! Closing the window should hide it into the tray rather than quit.
    Q_INVOKABLE bool hideOnClose() const { return m_keepInTray && available(); }

    //! What the tray shows, 64 px (public for tests and the screenshot).
    static QImage render(int unread, bool connected);
    QString toolTipText() const;

Q_SIGNALS:
    void changed();
    void availableChanged();
    void openRequested();
    void quitRequested();
    void muteAllRequested(bool muted);

private:
    void update();

    StatusNotifierItem *m_item;
    int m_unread = 0;
    bool m_connected = false;
    QString m_statusText;
    bool m_allMuted = false;
    bool m_keepInTray = true;
    int m_iconUnread = -1; //!< what the icon shows now (-1: not drawn yet)
    bool m_iconConnected = false;
};

} // namespace roomcast::models
