// Backoff: exact delays with a scripted random source (PROTOCOL.md section 6, issue 3 "Backoff").
#include "client/backoff.h"

#include <QTest>

#include <climits>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

using roomcast::client::Backoff;

namespace {

//! Plays back `values` in order, then repeats the last one.
std::function<double()> scripted(std::vector<double> values)
{
    auto next = std::make_shared<std::size_t>(0);
    return [values = std::move(values), next] {
        const double value = values.at(std::min(*next, values.size() - 1));
        ++*next;
        return value;
    };
}

constexpr double kAlmostOne = 0.9999999;

} // namespace

class TstBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void delay_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<double>("random");
        QTest::addColumn<int>("expected");
        // ceiling 1000 at attempt 0: floor(r * 1001), never above the ceiling
        QTest::newRow("first, r=0") << 0 << 0.0 << 0;
        QTest::newRow("first, r=0.5") << 0 << 0.5 << 500;
        QTest::newRow("first, r=0.999...") << 0 << kAlmostOne << 1000;
        // ceiling 8000 at attempt 3
        QTest::newRow("fourth, r=0") << 3 << 0.0 << 0;
        QTest::newRow("fourth, r=0.5") << 3 << 0.5 << 4000;
        QTest::newRow("fourth, r=0.999...") << 3 << kAlmostOne << 8000;
        // at the cap the jitter is still full
        QTest::newRow("capped, r=0") << 5 << 0.0 << 0;
        QTest::newRow("capped, r=0.5") << 5 << 0.5 << 15000;
        QTest::newRow("capped, r=0.999...") << 5 << kAlmostOne << 30000;
        QTest::newRow("far past the cap, r=0.25") << 40 << 0.25 << 7500;
    }
    void delay()
    {
        QFETCH(int, attempt);
        QFETCH(double, random);
        QFETCH(int, expected);
        std::vector<double> script(static_cast<std::size_t>(attempt), 0.0);
        script.push_back(random);
        Backoff backoff({1000, 30000}, scripted(script));
        for (int i = 0; i < attempt; ++i)
            QCOMPARE(backoff.nextDelayMs(), 0);
        QCOMPARE(backoff.attempt(), attempt);
        QCOMPARE(backoff.nextDelayMs(), expected);
        QCOMPARE(backoff.attempt(), attempt + 1);
    }

    void ceilingDoublesUpToTheCap()
    {
        Backoff backoff({1000, 30000}, scripted({kAlmostOne}));
        const std::vector<int> expected = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(backoff.attempt(), int(i));
            QCOMPARE(backoff.ceilingMs(), expected[i]);
            QCOMPARE(backoff.nextDelayMs(), expected[i]); // r close to 1 reaches the ceiling
        }
    }

    void millionAttemptsDoNotOverflow_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<int>("cap");
        QTest::newRow("defaults") << 1000 << 30000;
        QTest::newRow("largest policy") << INT_MAX << INT_MAX;
    }
    void millionAttemptsDoNotOverflow()
    {
        QFETCH(int, base);
        QFETCH(int, cap);
        Backoff backoff({base, cap}, scripted({kAlmostOne}));
        int last = -1;
        for (int i = 0; i < 1000000; ++i) {
            last = backoff.nextDelayMs();
            if (last < 0 || last > cap)
                QFAIL(qPrintable(QStringLiteral("attempt %1: delay %2").arg(i).arg(last)));
        }
        QCOMPARE(backoff.attempt(), 1000000);
        QCOMPARE(backoff.ceilingMs(), cap);
        QVERIFY(last >= cap - cap / 1000000 - 1);
    }

    void brokenRandomSourceStaysInRange_data()
    {
        QTest::addColumn<double>("random");
        QTest::addColumn<int>("expected");
        QTest::newRow("exactly 1") << 1.0 << 1000;
        QTest::newRow("above 1") << 7.0 << 1000;
        QTest::newRow("negative") << -0.5 << 0;
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << 0;
    }
    void brokenRandomSourceStaysInRange()
    {
        QFETCH(double, random);
        QFETCH(int, expected);
        Backoff backoff({1000, 30000}, scripted({random}));
        QCOMPARE(backoff.nextDelayMs(), expected);
    }

    void resetStartsOver()
    {
        Backoff backoff({1000, 30000}, scripted({kAlmostOne}));
        for (int i = 0; i < 7; ++i)
            backoff.nextDelayMs();
        QCOMPARE(backoff.attempt(), 7);
        QCOMPARE(backoff.ceilingMs(), 30000);
        backoff.reset();
        QCOMPARE(backoff.attempt(), 0);
        QCOMPARE(backoff.ceilingMs(), 1000);
        QCOMPARE(backoff.nextDelayMs(), 1000);
        QCOMPARE(backoff.ceilingMs(), 2000);
    }

    void customPolicy()
    {
        Backoff backoff({50, 200}, scripted({kAlmostOne}));
        const std::vector<int> expected = {50, 100, 200, 200};
        for (int delay : expected)
            QCOMPARE(backoff.nextDelayMs(), delay);
    }
};

QTEST_GUILESS_MAIN(TstBackoff)
#include "tst_backoff.moc"
