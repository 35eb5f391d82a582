#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

class QQuickWindow;

namespace roomcast::models {
class Session;
}

//! `--screenshot FILE`: waits until every joined room has shown its history (or a timeout),
//! lets live data arrive for a moment, grabs the window to a PNG and quits the app with
//! status 0 (loaded and saved), 1 (could not save) or 3 (saved, but the rooms never loaded).
class Screenshotter : public QObject
{
    Q_OBJECT
public:
    Screenshotter(QQuickWindow *window, roomcast::models::Session *session, QString path,
                  int delayMs, int timeoutMs, QObject *parent = nullptr);

private:
    void onRoomsChanged();
    void grab();

    QPointer<QQuickWindow> m_window;
    roomcast::models::Session *m_session;
    QString m_path;
    int m_delayMs;
    QTimer m_delay;
    QTimer m_timeout;
    bool m_loaded = false;
};
