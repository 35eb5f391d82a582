#include "trayicon.h"

#include "statusnotifieritem.h"

#include <QFont>
#include <QPainter>
#include <QPainterPath>

namespace roomcast::models {

TrayIcon::TrayIcon(QObject *parent) : TrayIcon(QDBusConnection::sessionBus(), parent) {}

TrayIcon::TrayIcon(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_item(new StatusNotifierItem(bus, this))
{
    connect(m_item, &StatusNotifierItem::availableChanged, this, &TrayIcon::availableChanged);
    connect(m_item, &StatusNotifierItem::activated, this, &TrayIcon::openRequested);
    connect(m_item, &StatusNotifierItem::menuTriggered, this, [this](int id) {
        switch (id) {
        case OpenEntry:
            Q_EMIT openRequested();
            break;
        case MuteAllEntry:
            Q_EMIT muteAllRequested(!m_allMuted);
            break;
        case QuitEntry:
            Q_EMIT quitRequested();
            break;
        }
    });
    update();
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::available() const
{
    return m_item->available();
}

void TrayIcon::setUnread(int unread)
{
    if (unread == m_unread)
        return;
    m_unread = unread;
    update();
}

void TrayIcon::setConnected(bool connected)
{
    if (connected == m_connected)
        return;
    m_connected = connected;
    update();
}

void TrayIcon::setStatusText(const QString &text)
{
    if (text == m_statusText)
        return;
    m_statusText = text;
    update();
}

void TrayIcon::setAllMuted(bool muted)
{
    if (muted == m_allMuted)
        return;
    m_allMuted = muted;
    update();
}

QString TrayIcon::toolTipText() const
{
    QStringList parts;
    if (m_unread > 0)
        parts << tr("%n unread", "", m_unread);
    if (m_allMuted)
        parts << tr("notifications muted");
    parts << (m_statusText.isEmpty() ? (m_connected ? tr("Connected") : tr("Offline"))
                                     : m_statusText);
    return parts.join(QStringLiteral(" · "));
}

void TrayIcon::update()
{
    m_item->setTitle(m_unread > 0 ? tr("Roomcast (%1)").arg(m_unread) : tr("Roomcast"));
    m_item->setToolTip(tr("Roomcast"), toolTipText());
    m_item->setNeedsAttention(m_unread > 0 && !m_allMuted);
    if (m_unread != m_iconUnread || m_connected != m_iconConnected) {
        m_iconUnread = m_unread;
        m_iconConnected = m_connected;
        m_item->setIcon(render(m_unread, m_connected));
    }
    m_item->setMenu({{OpenEntry, tr("Open Roomcast"), false, false},
                     {MuteAllEntry, tr("Mute all notifications"), true, m_allMuted},
                     {QuitEntry, tr("Quit"), false, false}});
    Q_EMIT changed();
}

QImage TrayIcon::render(int unread, bool connected)
{
    constexpr int kSize = 64;
    QImage image(kSize, kSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    // The app icon's shape: a rounded square with a speech bubble (greyed while offline).
    p.setPen(Qt::NoPen);
    p.setBrush(connected ? QColor(0x1d, 0x6f, 0xa5) : QColor(0x8a, 0x8f, 0x98));
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 13, 13);
    QPainterPath bubble;
    bubble.addRoundedRect(QRectF(13, 18, 38, 22), 6, 6);
    bubble.moveTo(22, 40);
    bubble.lineTo(22, 49);
    bubble.lineTo(31, 40);
    p.setBrush(Qt::white);
    p.drawPath(bubble);
    if (unread > 0) { // the badge, top right
        p.setBrush(QColor(0xdc, 0x26, 0x26));
        p.drawEllipse(QRectF(34, 0, 30, 30));
        QFont font;
        font.setBold(true);
        font.setPixelSize(unread > 99 ? 12 : 17);
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(QRectF(34, 0, 30, 30), Qt::AlignCenter,
                   unread > 99 ? QStringLiteral("99+") : QString::number(unread));
    }
    return image;
}

} // namespace roomcast::models
