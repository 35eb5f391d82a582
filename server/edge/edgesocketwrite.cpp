// EdgeSocket, the write side: a pass's writes gathered and sent with one send() at its end.
#include "edgesocket.h"

#include <QPointer>

#include <cerrno>
#include <sys/socket.h>
#include <vector>

namespace roomcast::server::edge {

//! The sockets with pending writes on this thread, flushed once at the end of the pass.
struct PendingFlusher
{
    QObject context;
    std::vector<QPointer<EdgeSocket>> dirty;
    bool scheduled = false;

    static PendingFlusher &instance()
    {
        static thread_local PendingFlusher flusher;
        return flusher;
    }
    void add(EdgeSocket *socket)
    {
        dirty.emplace_back(socket);
        if (scheduled)
            return;
        scheduled = true;
        QMetaObject::invokeMethod(
            &context, [this] { flushAll(); }, Qt::QueuedConnection);
    }
    void flushAll()
    {
        scheduled = false;
        std::vector<QPointer<EdgeSocket>> now;
        now.swap(dirty);
        for (const QPointer<EdgeSocket> &socket : now)
            if (socket)
                socket->flushPending();
    }
};

qint64 EdgeSocket::writeData(const char *data, qint64 size)
{
    if (m_writesClosed)
        return size; // after the close frame (or close()) nothing else goes out
    if (socketDescriptor() < 0)
        return QTcpSocket::writeData(data, size); // let Qt report the error
    m_pending.append(data, size);
    if (!m_dirty) {
        m_dirty = true;
        PendingFlusher::instance().add(this);
    }
    return size;
}

qint64 EdgeSocket::bytesToWrite() const
{
    return QTcpSocket::bytesToWrite() + m_pending.size();
}

void EdgeSocket::flushPending()
{
    m_dirty = false;
    if (m_pending.isEmpty())
        return;
    const QByteArray pending = std::move(m_pending);
    m_pending = QByteArray(); // an idle connection holds no buffer
    const int fd = static_cast<int>(socketDescriptor());
    qint64 sent = 0;
    if (QTcpSocket::bytesToWrite() == 0 && fd >= 0 && state() == ConnectedState) {
        ssize_t n;
        do {
            n = ::send(fd, pending.constData(), static_cast<std::size_t>(pending.size()),
                       MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (n < 0 && errno == EINTR);
        sent = n > 0 ? n : 0; // EAGAIN or an error: Qt's buffer takes it (and reports errors)
    }
    if (sent < pending.size())
        QTcpSocket::writeData(pending.constData() + sent, pending.size() - sent);
    if (sent > 0)
        Q_EMIT bytesWritten(sent);
}

} // namespace roomcast::server::edge
