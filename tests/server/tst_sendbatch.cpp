// SendBatch, the io_uring batch of sendmsg() calls at the end of a pass, on real sockets:
// every result is what sendmsg() would have returned, a full socket answers -EAGAIN at once
// (nothing waits), a bad descriptor fails alone, and a batch larger than the ring's queue
// still completes. ROOMCAST_IO_URING=off turns batches off.
#include "edge/sendbatch.h"

#include <QTest>

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/uio.h>
#include <thread>
#include <unistd.h>
#include <vector>

using roomcast::server::edge::SendBatch;

namespace {

//! A connected AF_UNIX stream pair, both ends non-blocking for the reader.
struct Pair
{
    int fds[2] = {-1, -1};
    Pair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0); }
    ~Pair()
    {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    std::string drain() const
    {
        std::string out;
        char chunk[65536];
        for (ssize_t n; (n = ::recv(fds[1], chunk, sizeof chunk, 0)) > 0;)
            out.append(chunk, std::size_t(n));
        return out;
    }
};

struct Send
{
    std::string head, tail;
    iovec iov[2]{};
    msghdr msg{};
    std::int64_t result = 0;
    explicit Send(int i)
        : head(std::size_t(10 + i), char('a' + i % 26)), tail("|" + std::to_string(i))
    {
        iov[0] = {head.data(), head.size()};
        iov[1] = {tail.data(), tail.size()};
        msg.msg_iov = iov;
        msg.msg_iovlen = 2;
    }
};

} // namespace

class TstSendBatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendsToManySocketsAtOnce()
    {
        SendBatch *batch = SendBatch::forThisThread();
        if (!batch)
            QSKIP("io_uring is not available here; the edge sends one by one (tst_edgewrites)");
        std::vector<Pair> pairs(50);
        std::vector<Send> sends;
        sends.reserve(pairs.size());
        const std::uint64_t before = batch->sends();
        for (int i = 0; i < int(pairs.size()); ++i) {
            Send &send = sends.emplace_back(i);
            batch->add(pairs[std::size_t(i)].fds[0], &send.msg, &send.result);
        }
        batch->finish();
        QCOMPARE(batch->sends() - before, std::uint64_t(pairs.size()));
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            QCOMPARE(sends[i].result, std::int64_t(sends[i].head.size() + sends[i].tail.size()));
            QCOMPARE(pairs[i].drain(), sends[i].head + sends[i].tail);
        }
    }

    void aFullSocketAnswersEagainAtOnce()
    {
        SendBatch *batch = SendBatch::forThisThread();
        if (!batch)
            QSKIP("io_uring is not available here; the edge sends one by one (tst_edgewrites)");
        Pair full, open;
        const std::string chunk(65536, 'x');
        while (::send(full.fds[0], chunk.data(), chunk.size(), MSG_DONTWAIT) > 0) {
        }
        QCOMPARE(errno, EAGAIN);
        Send toFull(1), toOpen(2);
        batch->add(full.fds[0], &toFull.msg, &toFull.result);
        batch->add(open.fds[0], &toOpen.msg, &toOpen.result);
        batch->finish(); // would hang here if the full socket's send waited for room
        QCOMPARE(toFull.result, std::int64_t(-EAGAIN));
        QCOMPARE(toOpen.result, std::int64_t(toOpen.head.size() + toOpen.tail.size()));
        QCOMPARE(open.drain(), toOpen.head + toOpen.tail);
    }

    void aBadDescriptorFailsAlone()
    {
        SendBatch *batch = SendBatch::forThisThread();
        if (!batch)
            QSKIP("io_uring is not available here; the edge sends one by one (tst_edgewrites)");
        Pair before, after;
        int closed[2];
        QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM, 0, closed) == 0);
        ::close(closed[0]);
        ::close(closed[1]);
        Send first(1), bad(2), last(3);
        batch->add(before.fds[0], &first.msg, &first.result);
        batch->add(closed[0], &bad.msg, &bad.result);
        batch->add(after.fds[0], &last.msg, &last.result);
        batch->finish();
        QCOMPARE(bad.result, std::int64_t(-EBADF));
        QCOMPARE(before.drain(), first.head + first.tail);
        QCOMPARE(after.drain(), last.head + last.tail);
    }

    //! More sends than the ring's queue holds: it is sent in parts, every result comes back.
    void moreSendsThanTheQueueHolds()
    {
        SendBatch *batch = SendBatch::forThisThread();
        if (!batch)
            QSKIP("io_uring is not available here; the edge sends one by one (tst_edgewrites)");
        // 1200 sends; small ones, as an AF_UNIX buffer counts each send's overhead.
        std::vector<Pair> pairs(12);
        constexpr int kPerSocket = 100;
        char byte = 'z';
        iovec iov{&byte, 1};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        std::vector<std::int64_t> results(pairs.size() * kPerSocket, 0);
        for (std::size_t i = 0; i < results.size(); ++i)
            batch->add(pairs[i % pairs.size()].fds[0], &msg, &results[i]);
        batch->finish();
        for (const std::int64_t result : results)
            QCOMPARE(result, std::int64_t(1));
        for (const Pair &pair : pairs)
            QCOMPARE(pair.drain(), std::string(kPerSocket, 'z'));
    }

    void offTurnsBatchesOff()
    {
        qputenv("ROOMCAST_IO_URING", "off");
        SendBatch *onNewThread = reinterpret_cast<SendBatch *>(1);
        std::thread([&onNewThread] { onNewThread = SendBatch::forThisThread(); }).join();
        qunsetenv("ROOMCAST_IO_URING");
        QCOMPARE(onNewThread, nullptr);
    }
};

QTEST_GUILESS_MAIN(TstSendBatch)
#include "tst_sendbatch.moc"
