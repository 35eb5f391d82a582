// Per-connection limits: the publish token bucket and the error-storm window.
#include "server/node/slidingcounter.h"
#include "server/node/tokenbucket.h"

#include <QTest>

using roomcast::server::SlidingCounter;
using roomcast::server::TokenBucket;

class TstLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bucketAllowsBurstThenRate()
    {
        TokenBucket b(20, 40, 0);
        for (int i = 0; i < 40; ++i)
            QCOMPARE(b.take(0), std::int64_t(0));
        const std::int64_t wait = b.take(0);
        QCOMPARE(wait, std::int64_t(50)); // 1 token at 20/s
        QVERIFY(b.take(49) > 0);
        QCOMPARE(b.take(50), std::int64_t(0));
    }

    void bucketRefillIsCapped()
    {
        TokenBucket b(10, 5, 0);
        for (int i = 0; i < 5; ++i)
            b.take(0);
        // A long idle period refills to the burst, not beyond.
        int allowed = 0;
        while (b.take(1000000) == 0)
            ++allowed;
        QCOMPARE(allowed, 5);
    }

    void stormCountsWithinWindow()
    {
        SlidingCounter c(20, 10000);
        for (int i = 0; i < 20; ++i)
            QVERIFY(!c.hit(i));
        QVERIFY(c.hit(20)); // the 21st within 10 s
    }

    void stormForgetsOldErrors()
    {
        SlidingCounter c(20, 10000);
        for (int i = 0; i < 20; ++i)
            QVERIFY(!c.hit(i * 100));
        QVERIFY(!c.hit(10000)); // the first one (t=0) fell out of the window
    }
};

QTEST_GUILESS_MAIN(TstLimits)
#include "tst_limits.moc"
