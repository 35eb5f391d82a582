// The heartbeat wheel: exact firing under an injected clock, lazy rescheduling.
#include "server/node/timingwheel.h"

#include <QTest>

#include <map>
#include <vector>

using roomcast::server::TimingWheel;

class TstTimingWheel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firesAtDeadlineNotBefore()
    {
        std::vector<std::pair<std::uint64_t, std::int64_t>> fired;
        TimingWheel wheel(10, 8, 0, [&](std::uint64_t id, std::int64_t due, std::int64_t now) {
            fired.emplace_back(id, now);
            Q_UNUSED(due);
            return std::int64_t(-1);
        });
        wheel.schedule(1, 35);
        wheel.schedule(2, 70);
        wheel.advance(30);
        QVERIFY(fired.empty());
        wheel.advance(40);
        QCOMPARE(fired.size(), std::size_t(1));
        QCOMPARE(fired[0].first, std::uint64_t(1));
        wheel.advance(69);
        QCOMPARE(fired.size(), std::size_t(1));
        wheel.advance(70);
        QCOMPARE(fired.size(), std::size_t(2));
        QCOMPARE(wheel.size(), std::size_t(0));
    }

    void deadlinesBeyondOneRevolutionWait()
    {
        // 8 slots of 10 ms = 80 ms per revolution; a deadline at 500 must not fire early.
        int fired = 0;
        TimingWheel wheel(10, 8, 0, [&](std::uint64_t, std::int64_t, std::int64_t now) {
            ++fired;
            [&] { QVERIFY(now >= 500); }();
            return std::int64_t(-1);
        });
        wheel.schedule(7, 500);
        for (std::int64_t t = 0; t < 500; t += 10)
            wheel.advance(t);
        QCOMPARE(fired, 0);
        wheel.advance(500);
        QCOMPARE(fired, 1);
    }

    void handlerReschedulesPeriodically()
    {
        int fired = 0;
        TimingWheel wheel(5, 16, 0, [&](std::uint64_t, std::int64_t due, std::int64_t) {
            ++fired;
            return due + 100; // a ping every 100 ms
        });
        wheel.schedule(1, 100);
        for (std::int64_t t = 0; t <= 1000; t += 5)
            wheel.advance(t);
        QCOMPARE(fired, 10);
        QCOMPARE(wheel.size(), std::size_t(1));
    }

    void longStallFiresEverythingOnce()
    {
        std::map<std::uint64_t, int> fired;
        TimingWheel wheel(10, 4, 0, [&](std::uint64_t id, std::int64_t, std::int64_t) {
            ++fired[id];
            return std::int64_t(-1);
        });
        for (std::uint64_t id = 1; id <= 50; ++id)
            wheel.schedule(id, static_cast<std::int64_t>(id) * 7);
        wheel.advance(10000); // the event loop was blocked for a long time
        QCOMPARE(fired.size(), std::size_t(50));
        for (const auto &[id, n] : fired)
            QCOMPARE(n, 1);
    }

    void scheduleInThePastFiresOnNextAdvance()
    {
        int fired = 0;
        TimingWheel wheel(10, 8, 1000, [&](std::uint64_t, std::int64_t, std::int64_t) {
            ++fired;
            return std::int64_t(-1);
        });
        wheel.advance(1000);
        wheel.schedule(1, 500);
        wheel.advance(1010);
        QCOMPARE(fired, 1);
    }
};

QTEST_GUILESS_MAIN(TstTimingWheel)
#include "tst_timingwheel.moc"
