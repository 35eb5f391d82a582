#include "screenshotter.h"

#include "models/session.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QQuickWindow>

#include <cstdio>

Screenshotter::Screenshotter(QQuickWindow *window, roomcast::models::Session *session, QString path,
                             int delayMs, int timeoutMs, QObject *parent)
    : QObject(parent), m_window(window), m_session(session), m_path(std::move(path)),
      m_delayMs(delayMs)
{
    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, &Screenshotter::grab);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &Screenshotter::grab);
    m_timeout.start(timeoutMs);
    connect(session, &roomcast::models::Session::roomsChanged, this,
            &Screenshotter::onRoomsChanged);
    onRoomsChanged();
}

void Screenshotter::onRoomsChanged()
{
    if (m_loaded || !m_session->roomsLoaded())
        return;
    m_loaded = true;
    m_delay.start(m_delayMs);
}

void Screenshotter::grab()
{
    m_delay.stop();
    m_timeout.stop();
    int status = m_loaded ? 0 : 3;
    const QImage image = m_window ? m_window->grabWindow() : QImage();
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    if (image.isNull() || !image.save(m_path, "PNG")) {
        std::fprintf(stderr, "roomcast: could not save the screenshot to %s\n", qPrintable(m_path));
        status = 1;
    } else {
        std::printf("roomcast: screenshot saved to %s (%dx%d)%s\n", qPrintable(m_path),
                    image.width(), image.height(), m_loaded ? "" : " before the rooms loaded");
        std::fflush(stdout);
    }
    QCoreApplication::exit(status);
}
