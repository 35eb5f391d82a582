#include "edgesocket.h"

#include "logging.h"

#include <QPointer>
#include <QTimer>
#include <QtEndian>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <vector>

namespace roomcast::server::edge {

namespace {
//! Bytes one readiness notification may take from the kernel: a fast sender cannot keep the
//! event loop in one socket, and what waits to be read stays bounded.
constexpr qsizetype kMaxPumpBytes = 256 * 1024;
//! What the head stage may hold: the Listener refuses far smaller heads; this only bounds a
//! socket nobody looks at.
constexpr qsizetype kMaxHeadBuffer = 1024 * 1024;
} // namespace

EdgeSocket::EdgeSocket(QObject *parent) : QTcpSocket(parent) {}

EdgeSocket::~EdgeSocket()
{
    if (m_watcher)
        *m_watcher = nullptr;
    dropPending();
}

bool EdgeSocket::adopt(qintptr descriptor, const QByteArray &received)
{
    m_in = received;
    // Unbuffered is the open mode QIODevice sees (reads go to readData()); QAbstractSocket
    // itself still reads the kernel into its buffer, which pump() empties.
    if (!setSocketDescriptor(descriptor, ConnectedState, ReadWrite | Unbuffered))
        return false;
    setReadBufferSize(kMaxPumpBytes);
    setSocketOption(LowDelayOption, 1);
    // First in line: every later receiver of readyRead sees what this pass let through.
    connect(this, &QIODevice::readyRead, this, &EdgeSocket::pump);
    return true;
}

void EdgeSocket::startRaw()
{
    if (m_stage != Stage::Head)
        return;
    m_stage = Stage::Raw;
    m_out = std::move(m_in);
    m_in = QByteArray();
    m_outPos = 0;
}

void EdgeSocket::startFrames(const QByteArray &head, qsizetype rawHeadBytes,
                             quint64 maxMessageBytes)
{
    if (m_stage != Stage::Head)
        return;
    m_stage = Stage::Frames;
    m_checker = std::make_unique<FrameChecker>(maxMessageBytes);
    const QByteArray rest = m_in.sliced(qMin(rawHeadBytes, m_in.size()));
    m_in = QByteArray();
    m_out = head;
    m_outPos = 0;
    if (!rest.isEmpty())
        accept(rest);
}

void EdgeSocket::openFrames()
{
    if (m_stage != Stage::Frames || m_framesOpen)
        return;
    m_framesOpen = true;
    m_out.append(m_gated);
    m_gated = QByteArray();
    releaseQtReadChunk();
    if (m_checker->violation() && !m_violationQueued && bytesAvailable() == 0) {
        m_violationQueued = true;
        QMetaObject::invokeMethod(this, &EdgeSocket::closeForViolation, Qt::QueuedConnection);
    }
    kick();
}

void EdgeSocket::releaseQtReadChunk()
{
    // QWebSocketServer peek()s the request head, which reads it into QIODevice's buffer; the
    // skip() after it empties the buffer but keeps its chunk (Qt 6.4's QRingBuffer::free()
    // keeps one block for reuse), about 2 KB for the life of every connection. A byte put
    // back and read as a whole QByteArray takes that chunk out of the buffer, and it is
    // freed with the array. Only when the buffer is empty (pump() takes raw input at once)
    // and QWebSocket has not started reading (no transaction).
    if (QIODevice::bytesAvailable() != 0 || isTransactionStarted())
        return;
    ungetChar('\0');
    const QByteArray taken = QIODevice::read(1);
    Q_ASSERT(taken.size() == 1);
}

void EdgeSocket::kick()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (bytesAvailable() > 0 && m_stage != Stage::Closing)
                Q_EMIT readyRead();
        },
        Qt::QueuedConnection);
}

qint64 EdgeSocket::bytesAvailable() const
{
    // QIODevice's own buffer holds what a peek() took; the kernel's bytes are not counted
    // (QAbstractSocket would), because only pump() reads them, through the checks.
    return QIODevice::bytesAvailable() + (m_out.size() - m_outPos);
}

qint64 EdgeSocket::readData(char *data, qint64 maxSize)
{
    const qint64 n = qMin<qint64>(maxSize, m_out.size() - m_outPos);
    if (n > 0) {
        std::memcpy(data, m_out.constData() + m_outPos, static_cast<std::size_t>(n));
        m_outPos += n;
    }
    if (m_outPos >= m_out.size() && !m_out.isEmpty()) {
        m_out = QByteArray(); // an idle connection holds no buffer
        m_outPos = 0;
    }
    if (m_framesOpen && m_checker->violation() && !m_violationQueued && m_out.isEmpty()) {
        m_violationQueued = true;
        QMetaObject::invokeMethod(this, &EdgeSocket::closeForViolation, Qt::QueuedConnection);
    }
    return n;
}

void EdgeSocket::pump()
{
    // Qt has just read the kernel into its own buffer (capped at kMaxPumpBytes a time):
    // take all of it out, through the checks, before any other receiver of this readyRead.
    // The socket is open Unbuffered, so readers' read() calls come to readData() for m_out
    // and never into that buffer (apart from a peek(), which only takes readable bytes).
    qint64 raw;
    while ((raw = QIODevice::bytesAvailable()) > 0) {
        // Asking for exactly what is buffered takes Qt's buffer chunk itself (no copy) when
        // it is one chunk, the usual case, so an idle connection keeps no read buffer.
        const QByteArray chunk = QIODevice::read(raw);
        if (chunk.isEmpty())
            break;
        accept(chunk);
    }
    // With the buffer capped, Qt stops reading once it is full and resumes from its own
    // readData(), which the override above replaces: a zero-byte call resumes it.
    if (socketDescriptor() >= 0)
        QTcpSocket::readData(nullptr, 0);
}

void EdgeSocket::accept(QByteArrayView bytes)
{
    switch (m_stage) {
    case Stage::Head:
        m_in.append(bytes);
        if (m_in.size() > kMaxHeadBuffer) {
            qCDebug(lcEdge) << "head buffer over" << kMaxHeadBuffer << "bytes from"
                            << peerAddress();
            QMetaObject::invokeMethod(this, &QAbstractSocket::abort, Qt::QueuedConnection);
        }
        break;
    case Stage::Raw:
        m_out.append(bytes);
        break;
    case Stage::Frames:
        // Until the upgrade is done, checked frames wait in m_gated: QWebSocketServer peeks
        // at everything readable and must find only the head.
        if (!m_checker->violation() && !m_checker->closed())
            m_checker->feed(bytes, m_framesOpen ? m_out : m_gated);
        if (m_framesOpen && m_checker->violation() && !m_violationQueued && bytesAvailable() == 0) {
            m_violationQueued = true;
            QMetaObject::invokeMethod(this, &EdgeSocket::closeForViolation, Qt::QueuedConnection);
        }
        break;
    case Stage::Closing:
        break; // read and dropped: the connection is closing
    }
}

void EdgeSocket::closeForViolation()
{
    if (m_stage != Stage::Frames || !m_framesOpen || !m_checker->violation())
        return;
    if (bytesAvailable() > 0) {
        // Frames before the violation are still to be read; readData() calls again.
        m_violationQueued = false;
        return;
    }
    const FrameChecker::Violation violation = *m_checker->violation();
    qCInfo(lcEdge) << "closing" << peerAddress() << "with" << violation.code << violation.reason;
    const QByteArray reason = QByteArray(violation.reason).left(123);
    QByteArray frame;
    frame.append(char(0x88));
    frame.append(static_cast<char>(2 + reason.size()));
    frame.append(static_cast<char>(violation.code >> 8));
    frame.append(static_cast<char>(violation.code & 0xFF));
    frame.append(reason);
    write(frame);
    disconnectFromHost();
}

void EdgeSocket::close()
{
    // abort() calls close() after dropping the write channel: then it is a real abort.
    if (writeChannelCount() == 0 || socketDescriptor() < 0 || state() != ConnectedState) {
        dropPending(); // an abort drops what was not sent
        QTcpSocket::close();
        return;
    }
    disconnectFromHost();
}

void EdgeSocket::disconnectFromHost()
{
    // Also Qt's own path: at the peer's FIN it drops the engine (no descriptor) and calls this.
    if (writeChannelCount() == 0 || socketDescriptor() < 0 || state() != ConnectedState) {
        QTcpSocket::disconnectFromHost();
        return;
    }
    if (m_stage == Stage::Closing)
        return;
    // Closing before the flush: a bytesWritten receiver of the flush writes nothing more.
    m_stage = Stage::Closing;
    m_writesClosed = true;
    flushPending(); // what was written before the close goes out first
    m_in = QByteArray();
    m_out = QByteArray();
    m_outPos = 0;
    m_gated = QByteArray();
    // Input is now read and dropped (pump) until the peer's FIN ends it the usual Qt way, or
    // the linger time runs out.
    QTimer::singleShot(kLingerMs, this, [this] {
        if (state() == ConnectedState) {
            qCDebug(lcEdge) << "lingering close timed out for" << peerAddress();
            abort();
        }
    });
    connect(this, &QIODevice::bytesWritten, this, &EdgeSocket::shutWriteWhenFlushed);
    flush();
    shutWriteWhenFlushed();
}

void EdgeSocket::shutWriteWhenFlushed()
{
    if (m_writeShut || m_stage != Stage::Closing || bytesToWrite() > 0 || socketDescriptor() < 0)
        return;
    m_writeShut = true;
    ::shutdown(static_cast<int>(socketDescriptor()), SHUT_WR);
}

} // namespace roomcast::server::edge
