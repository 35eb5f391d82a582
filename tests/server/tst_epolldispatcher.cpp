// EpollDispatcher keeps the contract of Qt's UNIX dispatcher: timers in deadline order, once
// per pass, never re-entered; level-triggered socket notifiers; posts and wake-ups from other
// threads; real TCP traffic through QTcpServer/QTcpSocket on top of it.
#include "servertestmain.h"

#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTimer>

#include <memory>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using roomcast::server::edge::EpollDispatcher;

namespace {

//! Counts its timer events, and runs `onTimer` from inside each.
class TimerTarget : public QObject
{
public:
    std::vector<int> fired;
    std::function<void(int)> onTimer;

protected:
    void timerEvent(QTimerEvent *event) override
    {
        fired.push_back(event->timerId());
        if (onTimer)
            onTimer(event->timerId());
    }
};

struct SocketPair
{
    int fd[2] = {-1, -1};
    SocketPair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd) == 0); }
    ~SocketPair()
    {
        ::close(fd[0]);
        ::close(fd[1]);
    }
};

} // namespace

class TstEpollDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isTheMainThreadsDispatcher()
    {
        // ROOMCAST_EVENT_DISPATCHER=qt runs the rest of the test on Qt's own, as a reference.
        const bool ours = qgetenv("ROOMCAST_EVENT_DISPATCHER") != "qt";
        QCOMPARE(qobject_cast<EpollDispatcher *>(QAbstractEventDispatcher::instance()) != nullptr,
                 ours);
    }

    void timersFireInDeadlineOrder()
    {
        std::vector<int> order;
        for (const int ms : {30, 10, 20, 0})
            QTimer::singleShot(ms, this, [&order, ms] { order.push_back(ms); });
        QTRY_COMPARE(order.size(), std::size_t(4));
        QCOMPARE(order, (std::vector<int>{0, 10, 20, 30}));
    }

    void repeatingTimerRepeatsAndStops()
    {
        QTimer timer;
        timer.setInterval(5);
        QSignalSpy spy(&timer, &QTimer::timeout);
        timer.start();
        QTRY_VERIFY(spy.count() >= 3);
        QVERIFY(timer.remainingTime() >= 0 && timer.remainingTime() <= 5);
        timer.stop();
        const int after = int(spy.count());
        QTimer later;
        later.setSingleShot(true);
        QSignalSpy laterSpy(&later, &QTimer::timeout);
        later.start(30); // six intervals of the stopped timer
        QTRY_COMPARE(laterSpy.count(), 1);
        QCOMPARE(int(spy.count()), after);
    }

    void registeredTimersAndRemainingTime()
    {
        auto *dispatcher = QAbstractEventDispatcher::instance();
        TimerTarget target;
        const int id = target.startTimer(60'000, Qt::PreciseTimer);
        const auto timers = dispatcher->registeredTimers(&target);
        QCOMPARE(timers.size(), 1);
        QCOMPARE(timers[0].timerId, id);
        QCOMPARE(timers[0].interval, 60'000);
        QCOMPARE(timers[0].timerType, Qt::PreciseTimer);
        const int left = dispatcher->remainingTime(id);
        QVERIFY2(left > 59'000 && left <= 60'000, qPrintable(QString::number(left)));
        target.killTimer(id);
        QCOMPARE(dispatcher->remainingTime(id), -1);
        QVERIFY(dispatcher->registeredTimers(&target).isEmpty());
    }

    void timerKilledByAnotherInTheSamePassDoesNotFire()
    {
        TimerTarget target;
        const int first = target.startTimer(0);
        const int second = target.startTimer(0);
        target.onTimer = [&](int id) { // whichever fires first stops both
            target.killTimer(id);
            target.killTimer(id == first ? second : first);
        };
        QTRY_COMPARE(target.fired.size(), std::size_t(1));
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QCOMPARE(target.fired.size(), std::size_t(1));
        QVERIFY(QAbstractEventDispatcher::instance()->registeredTimers(&target).isEmpty());
    }

    void timerIsNotReenteredFromANestedLoop()
    {
        TimerTarget target;
        int depth = 0, deepest = 0;
        target.onTimer = [&](int) {
            ++depth;
            deepest = std::max(deepest, depth);
            if (target.fired.size() == 1) { // spin a nested loop for many intervals
                QEventLoop nested;
                QTimer::singleShot(40, &nested, &QEventLoop::quit);
                nested.exec();
            }
            --depth;
        };
        target.startTimer(2, Qt::PreciseTimer);
        QTRY_VERIFY(target.fired.size() >= 3);
        QCOMPARE(deepest, 1);
    }

    void readNotifierIsLevelTriggered()
    {
        SocketPair pair;
        QSocketNotifier notifier(pair.fd[0], QSocketNotifier::Read);
        QSignalSpy spy(&notifier, &QSocketNotifier::activated);
        QCOMPARE(::write(pair.fd[1], "x", 1), ssize_t(1));
        QTRY_VERIFY(spy.count() >= 2); // not read yet: it keeps firing, as under poll()
        notifier.setEnabled(false);
        spy.clear();
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QCOMPARE(spy.count(), 0);
        char byte = 0;
        QCOMPARE(::read(pair.fd[0], &byte, 1), ssize_t(1));
        notifier.setEnabled(true);
        QCoreApplication::processEvents();
        QCOMPARE(spy.count(), 0); // drained: silent until the next byte
        QCOMPARE(::write(pair.fd[1], "y", 1), ssize_t(1));
        QTRY_VERIFY(spy.count() >= 1);
    }

    void readAndWriteNotifiersShareADescriptor()
    {
        SocketPair pair;
        QSocketNotifier reader(pair.fd[0], QSocketNotifier::Read);
        QSocketNotifier writer(pair.fd[0], QSocketNotifier::Write);
        QSignalSpy reads(&reader, &QSocketNotifier::activated);
        QSignalSpy writes(&writer, &QSocketNotifier::activated);
        QTRY_VERIFY(writes.count() >= 1); // an empty socket buffer is writable
        QCOMPARE(reads.count(), 0);
        writer.setEnabled(false);
        QCOMPARE(::write(pair.fd[1], "z", 1), ssize_t(1));
        QTRY_VERIFY(reads.count() >= 1);
        const int writesBefore = int(writes.count());
        QCoreApplication::processEvents();
        QCOMPARE(int(writes.count()), writesBefore);
    }

    void regularFileIsAlwaysReadyAsUnderPoll()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        QSocketNotifier notifier(file.handle(), QSocketNotifier::Read);
        QSignalSpy spy(&notifier, &QSocketNotifier::activated);
        QTRY_VERIFY(spy.count() >= 2);
    }

    void postFromAnotherThreadWakesTheLoop()
    {
        bool ran = false;
        QObject receiver;
        QTimer idleLong; // the loop would otherwise sleep for a minute
        idleLong.start(60'000);
        std::thread poster([&] {
            QMetaObject::invokeMethod(
                &receiver, [&] { ran = true; }, Qt::QueuedConnection);
        });
        QTRY_VERIFY_WITH_TIMEOUT(ran, 2000);
        poster.join();
    }

    void quitFromAnotherThreadEndsExec()
    {
        QEventLoop loop;
        QTimer guard; // fails the test rather than hanging it
        guard.setSingleShot(true);
        bool timedOut = false;
        connect(&guard, &QTimer::timeout, &loop, [&] {
            timedOut = true;
            loop.quit();
        });
        guard.start(5000);
        std::thread quitter([&loop] { QMetaObject::invokeMethod(&loop, "quit"); });
        loop.exec();
        quitter.join();
        QVERIFY(!timedOut);
    }

    void tcpEchoOverManyConnections()
    {
        QTcpServer server;
        server.setListenBacklogSize(512); // every client connects at once
        QVERIFY(server.listen(QHostAddress::LocalHost));
        std::vector<QPointer<QTcpSocket>> accepted;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                accepted.emplace_back(s);
                connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
            }
        });
        constexpr int kClients = 200;
        constexpr int kBytes = 64 * 1024; // more than one socket buffer's worth each way
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        std::vector<QByteArray> echoed(kClients);
        for (int i = 0; i < kClients; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            QTcpSocket *raw = socket.get();
            connect(raw, &QTcpSocket::readyRead, raw,
                    [raw, &echoed, i] { echoed[std::size_t(i)] += raw->readAll(); });
            socket->connectToHost(server.serverAddress(), server.serverPort());
            socket->write(QByteArray(kBytes, char('a' + i % 26)));
            clients.push_back(std::move(socket));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(echoed.begin(), echoed.end(),
                        [](const QByteArray &b) { return b.size() == kBytes; }),
            20000);
        for (int i = 0; i < kClients; ++i)
            QCOMPARE(echoed[std::size_t(i)], QByteArray(kBytes, char('a' + i % 26)));
        QCOMPARE(int(accepted.size()), kClients);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstEpollDispatcher)
#include "tst_epolldispatcher.moc"
