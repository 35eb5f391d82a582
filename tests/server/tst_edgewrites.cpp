// EdgeSocket's write side on a real loopback TCP connection: what one event-loop pass writes
// (shared broadcast frames and copied writes, mixed) leaves at the pass's end in the order it
// was written, in one flush, also when it takes more than one sendmsg() or the kernel's
// buffer is full; an abort or a deleted socket drops its own writes and nobody else's.
#include "edge/edgesocket.h"
#include "servertestmain.h"

#include <QSignalSpy>

#include <arpa/inet.h>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

using roomcast::server::edge::EdgeSocket;

namespace {

//! A loopback TCP connection: an EdgeSocket on one end, a plain descriptor on the other.
struct Wire
{
    std::unique_ptr<EdgeSocket> socket = std::make_unique<EdgeSocket>();
    int peer = -1;
    std::string received;

    Wire(int sendBufferBytes = 0)
    {
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr *>(&addr), len) == 0);
        QVERIFY(::listen(listener, 1) == 0);
        QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len) == 0);
        peer = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(::connect(peer, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
        const int accepted = ::accept(listener, nullptr, nullptr);
        ::close(listener);
        QVERIFY(accepted >= 0);
        if (sendBufferBytes > 0)
            ::setsockopt(accepted, SOL_SOCKET, SO_SNDBUF, &sendBufferBytes, sizeof sendBufferBytes);
        ::fcntl(peer, F_SETFL, O_NONBLOCK);
        QVERIFY(socket->adopt(accepted));
    }
    ~Wire()
    {
        socket.reset();
        ::close(peer);
    }
    //! Reads what has arrived; true once the peer saw end of stream or an error.
    bool read()
    {
        char chunk[65536];
        for (;;) {
            const ssize_t n = ::recv(peer, chunk, sizeof chunk, 0);
            if (n > 0)
                received.append(chunk, std::size_t(n));
            else
                return n == 0 || errno != EAGAIN;
        }
    }
};

QByteArray frameOf(int i, int bytes)
{
    return QByteArray(1, char(0x81)) + QByteArray(bytes, char('a' + i % 26));
}

} // namespace

class TstEdgeWrites : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onePassLeavesInOrderInOneFlush()
    {
        Wire wire;
        QSignalSpy written(wire.socket.get(), &QIODevice::bytesWritten);
        std::string expected;
        // More pieces than one sendmsg() takes, shared frames and copies interleaved.
        const QByteArray shared = frameOf(0, 100);
        for (int i = 1; i <= 300; ++i) {
            if (i % 3) {
                wire.socket->writeShared(i % 2 ? shared : frameOf(i, i));
                expected += (i % 2 ? shared : frameOf(i, i)).toStdString();
            } else {
                const QByteArray copy = frameOf(i, 7);
                QCOMPARE(wire.socket->write(copy), qint64(copy.size()));
                expected += copy.toStdString();
            }
        }
        QCOMPARE(wire.socket->bytesToWrite(), qint64(expected.size())); // held for the pass
        QCOMPARE(shared.isDetached(), false); // queued as it is, not copied
        QTRY_COMPARE(wire.socket->bytesToWrite(), qint64(0));
        QTRY_COMPARE(wire.received.size(), (wire.read(), expected.size()));
        QVERIFY(wire.received == expected);
        QCOMPARE(written.count(), 1);
        QCOMPARE(written.at(0).at(0).toLongLong(), qint64(expected.size()));
        QVERIFY(shared.isDetached()); // the pass let go of its references
    }

    void fullKernelBufferKeepsOrder()
    {
        Wire wire(4096);
        std::string expected;
        for (int i = 0; i < 400; ++i) {
            const QByteArray frame = frameOf(i, 1000 + i * 13 % 3000);
            wire.socket->writeShared(frame);
            expected += frame.toStdString();
        }
        // Past the pass the kernel holds what it took and Qt's buffer the rest.
        QTRY_VERIFY(wire.socket->bytesToWrite() < qint64(expected.size()));
        QVERIFY(wire.socket->bytesToWrite() > 0);
        // A write of the next pass goes behind what Qt still holds.
        const QByteArray tail = frameOf(7, 5000);
        wire.socket->writeShared(tail);
        expected += tail.toStdString();
        QTRY_COMPARE_WITH_TIMEOUT(wire.received.size(), (wire.read(), expected.size()), 10000);
        QVERIFY(wire.received == expected);
        QTRY_COMPARE(wire.socket->bytesToWrite(), qint64(0));
    }

    //! A receiver of the close's own flush that writes gets nothing out after the close.
    void nothingLeavesAfterTheCloseFlush()
    {
        Wire wire;
        const QByteArray last = frameOf(4, 200);
        wire.socket->writeShared(last);
        QObject::connect(wire.socket.get(), &QIODevice::bytesWritten, wire.socket.get(),
                         [&wire] { wire.socket->write(QByteArray("late")); });
        wire.socket->disconnectFromHost();
        QTRY_VERIFY(wire.read());                     // the peer sees the end of the stream ...
        QVERIFY(wire.received == last.toStdString()); // ... right after the last frame
    }

    void abortDropsOnlyItsOwnPass()
    {
        Wire dropped, kept;
        dropped.socket->writeShared(frameOf(1, 500));
        kept.socket->writeShared(frameOf(2, 500));
        dropped.socket->abort();
        QCOMPARE(dropped.socket->bytesToWrite(), qint64(0));
        QTRY_COMPARE(kept.received.size(), (kept.read(), std::size_t(501)));
        QTRY_VERIFY(dropped.read());                       // the connection ended ...
        QCOMPARE(dropped.received.size(), std::size_t(0)); // ... without the dropped bytes
    }

    void deletedSocketLeavesTheOthersPass()
    {
        Wire first, second, third;
        first.socket->writeShared(frameOf(1, 300));
        second.socket->writeShared(frameOf(2, 300));
        third.socket->writeShared(frameOf(3, 300));
        second.socket.reset(); // listed for the flush, gone before it
        QTRY_COMPARE(first.received.size(), (first.read(), std::size_t(301)));
        QTRY_COMPARE(third.received.size(), (third.read(), std::size_t(301)));
        QCOMPARE(first.received.back(), 'b');
        QCOMPARE(third.received.back(), 'd');
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstEdgeWrites)
#include "tst_edgewrites.moc"
