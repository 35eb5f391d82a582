// RedisClient on the Qt event loop: hiredis' event hooks turned into QSocketNotifiers.
#include "redisclient.h"

#include <QSocketNotifier>

#include <hiredis/async.h>

namespace roomcast::server {

void RedisClient::setNotifier(QSocketNotifier *&notifier, bool on, bool read)
{
    if (on) {
        if (notifier)
            return;
        notifier =
            new QSocketNotifier(m_ac->c.fd, read ? QSocketNotifier::Read : QSocketNotifier::Write);
        connect(notifier, &QSocketNotifier::activated, this, [this, read] {
            if (!m_ac)
                return;
            if (read)
                redisAsyncHandleRead(m_ac);
            else
                redisAsyncHandleWrite(m_ac);
        });
        return;
    }
    if (!notifier)
        return;
    // Possibly inside this notifier's own activation: disable now, delete later.
    notifier->setEnabled(false);
    notifier->deleteLater();
    notifier = nullptr;
}

void RedisClient::evAddRead(void *self)
{
    auto *c = static_cast<RedisClient *>(self);
    c->setNotifier(c->m_read, true, true);
}

void RedisClient::evDelRead(void *self)
{
    auto *c = static_cast<RedisClient *>(self);
    c->setNotifier(c->m_read, false, true);
}

void RedisClient::evAddWrite(void *self)
{
    auto *c = static_cast<RedisClient *>(self);
    c->setNotifier(c->m_write, true, false);
}

void RedisClient::evDelWrite(void *self)
{
    auto *c = static_cast<RedisClient *>(self);
    c->setNotifier(c->m_write, false, false);
}

void RedisClient::evCleanup(void *self)
{
    auto *c = static_cast<RedisClient *>(self);
    c->setNotifier(c->m_read, false, true);
    c->setNotifier(c->m_write, false, false);
}

} // namespace roomcast::server
