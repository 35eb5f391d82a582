// RoomTracker in one session: live messages delivered once and in order, gaps fetched from
// their bottom page by page, holes in the history skipped and marked. Subscribing, resuming
// and disconnects: tst_roomtracker.
#include "roomtrackertest.h"

#include <QTest>

using namespace roomcast;
using namespace roomcast::test::roomtrackertest;

class TestRoomTrackerGaps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveDelivery_data()
    {
        QTest::addColumn<Seqs>("incoming");
        QTest::addColumn<Seqs>("delivered");
        QTest::newRow("in order") << Seqs{6, 7, 8} << Seqs{6, 7, 8};
        QTest::newRow("same seq twice") << Seqs{6, 6, 7, 7, 7} << Seqs{6, 7};
        QTest::newRow("already in history") << Seqs{4, 5, 6} << Seqs{6};
        QTest::newRow("swapped") << Seqs{7, 6, 8} << Seqs{6, 7, 8};
        QTest::newRow("ahead repeated") << Seqs{8, 8, 6, 7, 8} << Seqs{6, 7, 8};
    }
    void liveDelivery()
    {
        QFETCH(Seqs, incoming);
        QFETCH(Seqs, delivered);
        RoomTracker tracker = trackerAt(5);
        Seqs got;
        for (qint64 seq : incoming)
            got += seqs(tracker.onMessage(message(seq)));
        QCOMPARE(got, delivered);
        QCOMPARE(tracker.status(kRoom)->seq, delivered.last());
    }

    void gapFetchesOnce_data()
    {
        QTest::addColumn<qint64>("position");
        QTest::addColumn<qint64>("incoming");
        QTest::addColumn<qint64>("before");
        QTest::addColumn<int>("limit");
        QTest::newRow("one missing") << 5LL << 7LL << 7LL << 1;
        QTest::newRow("three missing") << 5LL << 9LL << 9LL << 3;
        QTest::newRow("exactly 500") << 5LL << 506LL << 506LL << 500;
        // A longer gap is fetched from its bottom, so that what arrives can be delivered.
        QTest::newRow("longer than 500") << 5LL << 1000LL << 506LL << 500;
    }
    void gapFetchesOnce()
    {
        QFETCH(qint64, position);
        QFETCH(qint64, incoming);
        QFETCH(qint64, before);
        QFETCH(int, limit);
        RoomTracker tracker = trackerAt(position);
        auto outcome = tracker.onMessage(message(incoming));
        QVERIFY(outcome.deliver.empty());
        QVERIFY(outcome.fetch);
        QCOMPARE(outcome.fetch->room, kRoom);
        QCOMPARE(outcome.fetch->before, std::optional<std::int64_t>(before));
        QCOMPARE(outcome.fetch->limit, limit);
        // More messages past the gap are held without a second fetch.
        outcome = tracker.onMessage(message(incoming + 1));
        QVERIFY(outcome.deliver.empty());
        QVERIFY(!outcome.fetch);
        QCOMPARE(tracker.status(kRoom)->seq, position);
    }

    void aheadReleasedAfterHistory()
    {
        RoomTracker tracker = trackerAt(10);
        QCOMPARE(seqs(tracker.onMessage(message(11))), Seqs{11});
        auto outcome = tracker.onMessage(message(14));
        QVERIFY(outcome.fetch);
        QCOMPARE(*outcome.fetch->before, 14);
        QCOMPARE(outcome.fetch->limit, 2);
        QVERIFY(!tracker.onMessage(message(16)).fetch);
        QVERIFY(!tracker.onMessage(message(15)).fetch);
        // The reply overlaps what was delivered and what is held: each arrives once.
        outcome = tracker.onHistory(historyReply(range(10, 14)));
        QCOMPARE(seqs(outcome), span(12, 16));
        QVERIFY(!outcome.fetch);
        QVERIFY(!tracker.status(kRoom)->missingSinceMs);
        QVERIFY(seqs(tracker.onMessage(message(15))).isEmpty());
        QCOMPARE(seqs(tracker.onMessage(message(17))), Seqs{17});
    }

    void longGapFetchedPageByPage()
    {
        RoomTracker tracker = trackerAt(10);
        auto outcome = tracker.onMessage(message(1200));
        QCOMPARE(*outcome.fetch->before, 511);
        outcome = tracker.onHistory(historyReply(range(11, 510)));
        QCOMPARE(seqs(outcome), span(11, 510));
        QVERIFY(outcome.fetch);
        QCOMPARE(*outcome.fetch->before, 1011);
        QCOMPARE(outcome.fetch->limit, 500);
        outcome = tracker.onHistory(historyReply(range(511, 1010)));
        QCOMPARE(seqs(outcome), span(511, 1010));
        QCOMPARE(*outcome.fetch->before, 1200);
        QCOMPARE(outcome.fetch->limit, 189);
        outcome = tracker.onHistory(historyReply(range(1011, 1199)));
        QCOMPARE(seqs(outcome), span(1011, 1200));
        QVERIFY(!outcome.fetch);
        QVERIFY(!tracker.status(kRoom)->missingSinceMs);
    }

    void historyHoleSkipsAndMarks_data()
    {
        QTest::addColumn<Seqs>("replied");
        QTest::addColumn<Seqs>("delivered");
        QTest::newRow("nothing retained") << Seqs{} << Seqs{20, 21};
        QTest::newRow("only the top retained") << Seqs{18, 19} << Seqs{18, 19, 20, 21};
    }
    void historyHoleSkipsAndMarks()
    {
        QFETCH(Seqs, replied);
        QFETCH(Seqs, delivered);
        RoomTracker tracker = trackerAt(10);
        QVERIFY(tracker.onMessage(message(20)).fetch);
        tracker.onMessage(message(21));
        std::vector<protocol::Message> messages;
        for (qint64 seq : replied)
            messages.push_back(message(seq));
        const auto outcome = tracker.onHistory(historyReply(messages));
        QCOMPARE(seqs(outcome), delivered);
        QVERIFY(!outcome.fetch);
        QCOMPARE(tracker.status(kRoom)->missingSinceMs, std::optional<std::int64_t>(10000));
        QCOMPARE(tracker.status(kRoom)->seq, 21);
    }

    void historyShortOfLatestFetchesTheRest()
    {
        RoomTracker tracker;
        tracker.add(kRoom);
        auto outcome = tracker.onSubscribed(subscribed("e1", 10, false, range(1, 8)));
        QCOMPARE(seqs(outcome), span(1, 8));
        QVERIFY(outcome.fetch);
        QCOMPARE(*outcome.fetch->before, 11);
        QCOMPARE(outcome.fetch->limit, 2);
        QCOMPARE(seqs(tracker.onHistory(historyReply(range(9, 10)))), span(9, 10));
    }
};

QTEST_GUILESS_MAIN(TestRoomTrackerGaps)
#include "tst_roomtrackergaps.moc"
