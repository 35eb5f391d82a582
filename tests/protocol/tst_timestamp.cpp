#include "protocol/timestamp.h"

#include <QtTest>

using namespace roomcast::protocol;

//! Every message, ack and presence event carries a timestamp in this one format, and
//! clients parse what other implementations write, offsets included.
class TestTimestamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00.000Z");
        QTest::newRow("protocol example")
            << qint64(1795867200000) << QByteArray("2026-11-28T12:00:00.000Z");
        QTest::newRow("leap day") << qint64(1709251199999)
                                  << QByteArray("2024-02-29T23:59:59.999Z");
        QTest::newRow("millis padded") << qint64(1005) << QByteArray("1970-01-01T00:00:01.005Z");
        QTest::newRow("before epoch") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999Z");
        QTest::newRow("1900") << qint64(-2208988800000) << QByteArray("1900-01-01T00:00:00.000Z");
        QTest::newRow("clamped high")
            << std::numeric_limits<qint64>::max() << QByteArray("9999-12-31T23:59:59.999Z");
        QTest::newRow("clamped low")
            << std::numeric_limits<qint64>::min() << QByteArray("0000-01-01T00:00:00.000Z");
    }
    void format()
    {
        QFETCH(qint64, ms);
        QFETCH(QByteArray, text);
        QCOMPARE(QByteArray::fromStdString(formatTimestamp(ms)), text);
    }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("canonical")
            << QByteArray("2026-11-28T12:00:00.000Z") << qint64(1795867200000);
        QTest::newRow("no fraction") << QByteArray("2026-11-28T12:00:00Z") << qint64(1795867200000);
        QTest::newRow("one digit fraction") << QByteArray("1970-01-01T00:00:00.5Z") << qint64(500);
        QTest::newRow("micro fraction truncated")
            << QByteArray("1970-01-01T00:00:00.123999Z") << qint64(123);
        QTest::newRow("positive offset")
            << QByteArray("2026-11-28T14:00:00.000+02:00") << qint64(1795867200000);
        QTest::newRow("negative offset")
            << QByteArray("2026-11-28T06:30:00.000-05:30") << qint64(1795867200000);
        QTest::newRow("lower case t and z")
            << QByteArray("2026-11-28t12:00:00.000z") << qint64(1795867200000);
        QTest::newRow("leap day") << QByteArray("2024-02-29T23:59:59.999Z")
                                  << qint64(1709251199999);
        QTest::newRow("before epoch") << QByteArray("1969-12-31T23:59:59.999Z") << qint64(-1);
    }
    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        const std::optional<std::int64_t> parsed = parseTimestamp(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, ms);
    }

    void parseInvalid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("date only") << QByteArray("2026-11-28");
        QTest::newRow("no zone") << QByteArray("2026-11-28T12:00:00.000");
        QTest::newRow("space separator") << QByteArray("2026-11-28 12:00:00.000Z");
        QTest::newRow("month 13") << QByteArray("2026-13-01T00:00:00.000Z");
        QTest::newRow("month 0") << QByteArray("2026-00-01T00:00:00.000Z");
        QTest::newRow("feb 29 non leap") << QByteArray("2026-02-29T00:00:00.000Z");
        QTest::newRow("april 31") << QByteArray("2026-04-31T00:00:00.000Z");
        QTest::newRow("hour 24") << QByteArray("2026-11-28T24:00:00.000Z");
        QTest::newRow("minute 60") << QByteArray("2026-11-28T12:60:00.000Z");
        QTest::newRow("empty fraction") << QByteArray("2026-11-28T12:00:00.Z");
        QTest::newRow("trailing garbage") << QByteArray("2026-11-28T12:00:00.000Zx");
        QTest::newRow("offset hour 24") << QByteArray("2026-11-28T12:00:00.000+24:00");
        QTest::newRow("short offset") << QByteArray("2026-11-28T12:00:00.000+02");
        QTest::newRow("letters") << QByteArray("20x6-11-28T12:00:00.000Z");
        QTest::newRow("signs in digits") << QByteArray("2026-+1-28T12:00:00.000Z");
    }
    void parseInvalid()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parseTimestamp(text.toStdString()).has_value());
    }

    void roundTrip()
    {
        // Every day from 1968 to 2104 (leap years, century 2100 included), at odd times.
        const std::int64_t day = 86'400'000;
        for (std::int64_t ms = -2 * 365 * day + 12'345; ms < 134LL * 365 * day;
             ms += day + 3'723'001) {
            const std::string text = formatTimestamp(ms);
            const std::optional<std::int64_t> back = parseTimestamp(text);
            QVERIFY2(back.has_value(), text.c_str());
            QCOMPARE(*back, ms);
        }
    }

    void formatIsFast()
    {
        QElapsedTimer timer;
        timer.start();
        std::size_t total = 0;
        for (int i = 0; i < 200'000; ++i)
            total += formatTimestamp(1795867200000 + i * 7919LL).size();
        QCOMPARE(total, std::size_t(200'000) * 24);
        QVERIFY2(timer.elapsed() < 2000, QByteArray::number(timer.elapsed()).constData());
    }
};

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
