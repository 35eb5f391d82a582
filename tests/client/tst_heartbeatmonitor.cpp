// HeartbeatMonitor: ping times, round trip and death, exact with caller-supplied time
// (PROTOCOL.md section 5).
#include "client/heartbeatmonitor.h"

#include <QTest>

#include <vector>

using roomcast::client::HeartbeatMonitor;

class TstHeartbeatMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pingsEveryInterval()
    {
        HeartbeatMonitor hb;
        hb.start(1000, 100, 50);
        QCOMPARE(hb.rttMs(), -1);
        QVERIFY(!hb.shouldPing(1099));
        QVERIFY(hb.shouldPing(1100));
        QCOMPARE(hb.nextDeadline(), std::int64_t(1100));

        // A driver that jumps from deadline to deadline and gets each pong 5 ms later.
        std::vector<std::int64_t> pings;
        while (pings.size() < 5) {
            const std::int64_t t = hb.nextDeadline();
            QVERIFY(!hb.isDead(t));
            QVERIFY(hb.shouldPing(t));
            hb.onPingSent(t);
            pings.push_back(t);
            QCOMPARE(hb.onPong(t + 5), 5);
        }
        QCOMPARE(pings, (std::vector<std::int64_t>{1100, 1200, 1300, 1400, 1500}));
    }

    void roundTrip()
    {
        HeartbeatMonitor hb;
        hb.start(0, 100, 50);
        QCOMPARE(hb.onPong(10), -1); // unsolicited: nothing measured
        hb.onPingSent(100);
        QCOMPARE(hb.onPong(137), 37);
        QCOMPARE(hb.rttMs(), 37);
        QCOMPARE(hb.onPong(150), 37); // a second pong for one ping measures nothing
        hb.onPingSent(200);
        QCOMPARE(hb.onPong(201), 1);
        QCOMPARE(hb.rttMs(), 1);
        hb.start(1000, 100, 50); // a new session starts without a measurement
        QCOMPARE(hb.rttMs(), -1);
    }

    void deadExactlyAtIntervalPlusTimeout_data()
    {
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("timeout");
        QTest::newRow("protocol defaults") << 25000 << 10000;
        QTest::newRow("short") << 100 << 100;
        QTest::newRow("no timeout") << 200 << 0;
    }
    void deadExactlyAtIntervalPlusTimeout()
    {
        QFETCH(int, interval);
        QFETCH(int, timeout);
        HeartbeatMonitor hb;
        const std::int64_t start = 5000;
        hb.start(start, interval, timeout);
        // The ping goes out but nothing comes back.
        QCOMPARE(hb.nextDeadline(), start + interval);
        hb.onPingSent(start + interval);
        const std::int64_t death = start + interval + timeout;
        QCOMPARE(hb.nextDeadline(), death);
        QVERIFY(!hb.isDead(death - 1));
        QVERIFY(hb.isDead(death));
        QVERIFY(hb.isDead(death + 1000000));
    }

    void activityPostponesDeath()
    {
        HeartbeatMonitor hb;
        hb.start(0, 100, 50);
        hb.onActivity(120);
        QVERIFY(!hb.isDead(150));
        QVERIFY(!hb.isDead(269));
        QVERIFY(hb.isDead(270));
        // The ping schedule does not move with activity; the deadline is the earlier of both.
        QCOMPARE(hb.nextDeadline(), std::int64_t(100));
        hb.onPingSent(100);
        QCOMPARE(hb.nextDeadline(), std::int64_t(200)); // min(next ping 200, death 270)
        hb.onPingSent(200);
        QCOMPARE(hb.nextDeadline(), std::int64_t(270)); // silent since 120: death comes first
        hb.onActivity(260);
        QCOMPARE(hb.nextDeadline(), std::int64_t(300)); // min(next ping 300, death 410)
        hb.onActivity(50);                              // time never runs backwards
        QVERIFY(!hb.isDead(409));
        QVERIFY(hb.isDead(410));
    }

    void pongCountsAsActivity()
    {
        HeartbeatMonitor hb;
        hb.start(0, 100, 50);
        hb.onPingSent(100);
        hb.onPong(140);
        QVERIFY(!hb.isDead(289));
        QVERIFY(hb.isDead(290));
    }
};

QTEST_GUILESS_MAIN(TstHeartbeatMonitor)
#include "tst_heartbeatmonitor.moc"
