// EdgeSocket's write side on a real loopback TCP connection: what one event-loop pass writes
// (shared broadcast frames and copied writes, mixed) leaves at the pass's end in the order it
// was written, in one flush, also when it takes more than one sendmsg() or the kernel's
// buffer is full; an abort, a close or a deleted socket drops its own writes and nobody
// else's; a LocalConnection outlives its socket safely.
#include "edge/edgesocket.h"
#include "edge/localconnection.h"
#include "edge/sendbatch.h"
#include "loopbacklistener.h"
#include "servertestmain.h"

#include <QSignalSpy>
#include <QWebSocket>

#include <arpa/inet.h>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using roomcast::server::edge::EdgeSocket;
using roomcast::server::edge::LocalConnection;
using roomcast::server::edge::SendBatch;

namespace {

//! A loopback TCP connection: an EdgeSocket on one end, a plain descriptor on the other.
struct Wire
{
    std::unique_ptr<EdgeSocket> socket = std::make_unique<EdgeSocket>();
    int peer = -1;
    std::string received;

    Wire(int sendBufferBytes = 0)
    {
        roomcast::test::LoopbackListener listener;
        QVERIFY(listener.ok());
        peer = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(::connect(peer, reinterpret_cast<const sockaddr *>(&listener.addr),
                          sizeof listener.addr) == 0);
        const int accepted = listener.accept();
        QVERIFY(accepted >= 0);
        if (sendBufferBytes > 0)
            ::setsockopt(accepted, SOL_SOCKET, SO_SNDBUF, &sendBufferBytes, sizeof sendBufferBytes);
        ::fcntl(peer, F_SETFL, O_NONBLOCK);
        QVERIFY(socket->adopt(accepted));
    }
    ~Wire()
    {
        socket.reset();
        if (peer >= 0)
            ::close(peer);
    }
    void write(const QByteArray &frame, std::string &expected)
    {
        socket->writeShared(frame);
        expected += frame.toStdString();
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

    //! One sendmsg() takes 64 pieces: around that limit and twice it nothing is lost,
    //! repeated or reordered.
    void piecesAroundTheIovecLimitLeaveInOrder()
    {
        for (const int count : {63, 64, 65, 127, 128, 129}) {
            Wire wire;
            std::string expected;
            for (int i = 0; i < count; ++i)
                wire.write(frameOf(i, 1 + i % 7), expected);
            QTRY_COMPARE(wire.received.size(), (wire.read(), expected.size()));
            QVERIFY2(wire.received == expected, qPrintable(QString::number(count)));
        }
    }

    //! A socket closed in the middle of a pass sends its own pass before its FIN and nothing
    //! after it; the sockets listed around it keep theirs, before and after the close.
    void closeMidPassLeavesTheOthersPass()
    {
        Wire first, closing, third;
        std::string firstExpected, closingExpected, thirdExpected;
        first.write(frameOf(1, 300), firstExpected);
        closing.write(frameOf(2, 300), closingExpected);
        third.write(frameOf(3, 300), thirdExpected);
        closing.socket->disconnectFromHost();
        closing.socket->writeShared(frameOf(9, 50)); // after the close: goes nowhere
        first.write(frameOf(4, 200), firstExpected);
        third.write(frameOf(5, 200), thirdExpected);
        QTRY_VERIFY(closing.read());
        QVERIFY(closing.received == closingExpected);
        QTRY_COMPARE(first.received.size(), (first.read(), firstExpected.size()));
        QTRY_COMPARE(third.received.size(), (third.read(), thirdExpected.size()));
        QVERIFY(first.received == firstExpected);
        QVERIFY(third.received == thirdExpected);
    }

    //! A pass over many sockets (what a broadcast leaves): their first sends go out as one
    //! batch where io_uring is there; sockets whose kernel buffer fills, and sockets with more
    //! pieces than one sendmsg() takes, go on from where the batch left them.
    void manySocketsInOnePassLeaveInOrder()
    {
        constexpr int kSockets = 30;
        std::vector<std::unique_ptr<Wire>> wires;
        std::vector<std::string> expected(kSockets);
        for (int w = 0; w < kSockets; ++w)
            wires.push_back(std::make_unique<Wire>(w % 3 == 1 ? 4096 : 0));
        const QByteArray shared = frameOf(0, 240);
        for (int w = 0; w < kSockets; ++w) {
            const int pieces = w % 3 == 0 ? 8 : w % 3 == 1 ? 40 : 130;
            for (int i = 0; i < pieces; ++i)
                wires[std::size_t(w)]->write(i % 2 ? shared : frameOf(w + i, 50 + 997 * i % 3000),
                                             expected[std::size_t(w)]);
        }
        SendBatch *batch = SendBatch::forThisThread();
        const std::uint64_t before = batch ? batch->sends() : 0;
        for (int w = 0; w < kSockets; ++w) {
            Wire &wire = *wires[std::size_t(w)];
            const std::string &want = expected[std::size_t(w)];
            QTRY_COMPARE_WITH_TIMEOUT(wire.received.size(), (wire.read(), want.size()), 10000);
            QVERIFY2(wire.received == want, qPrintable(QString::number(w)));
        }
        if (batch) // one batched send per socket, the rest one by one
            QCOMPARE(batch->sends() - before, std::uint64_t(kSockets));
        else
            QVERIFY(qgetenv("ROOMCAST_IO_URING") == "off" || !SendBatch::forThisThread());
    }

    //! A bytesWritten receiver of a socket flushed early in the pass writes to one flushed
    //! later, whose first send the batch already made: that write goes out after it.
    void aWriteDuringTheFlushGoesBehindTheBatchedSend()
    {
        Wire early, late;
        std::string earlyExpected, lateExpected;
        early.write(frameOf(1, 300), earlyExpected);
        late.write(frameOf(2, 300), lateExpected);
        late.write(frameOf(3, 300), lateExpected);
        const QByteArray extra = frameOf(4, 100);
        lateExpected += extra.toStdString();
        QObject::connect(
            early.socket.get(), &QIODevice::bytesWritten, late.socket.get(),
            [&late, &extra] { late.socket->writeShared(extra); }, Qt::SingleShotConnection);
        QTRY_COMPARE(early.received.size(), (early.read(), earlyExpected.size()));
        QTRY_COMPARE(late.received.size(), (late.read(), lateExpected.size()));
        QVERIFY(early.received == earlyExpected);
        QVERIFY(late.received == lateExpected);
    }

    //! The peer went away first: Qt dropped the descriptor, so a frame written afterwards
    //! reaches Qt at the flush (which refuses it) and the other sockets' pass is whole.
    void writeAfterThePeerLeftGoesNowhere()
    {
        Wire gone, kept;
        QSignalSpy disconnected(gone.socket.get(), &QAbstractSocket::disconnected);
        ::close(gone.peer);
        gone.peer = -1;
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(gone.socket->socketDescriptor(), qintptr(-1));
        std::string expected;
        gone.socket->writeShared(frameOf(1, 400));
        kept.write(frameOf(2, 400), expected);
        QTRY_COMPARE(kept.received.size(), (kept.read(), expected.size()));
        QVERIFY(kept.received == expected);
        QCOMPARE(gone.socket->bytesToWrite(), qint64(0));
    }

    //! A LocalConnection whose EdgeSocket is destroyed first stops asking it (the socket
    //! nulls the connection's pointer): its queue is then the QWebSocket's, empty here.
    void connectionForgetsADestroyedSocket()
    {
        Wire wire;
        auto *ws = new QWebSocket; // never opened: nothing it is given goes anywhere
        auto *connection = new LocalConnection(ws, wire.socket.get());
        QVERIFY(connection->send(frameOf(1, 100), 1 << 20));
        QCOMPARE(connection->bytesToWrite(), qint64(101));
        wire.socket.reset();
        QCOMPARE(connection->bytesToWrite(), qint64(0));
        QVERIFY(connection->send(frameOf(2, 100), 1 << 20));
        QCOMPARE(connection->bytesToWrite(), qint64(0));
        delete connection; // deletes the QWebSocket later
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstEdgeWrites)
#include "tst_edgewrites.moc"
