// RoomTracker across sessions: subscribe requests and their `since`, resuming (recovered or
// not, a new epoch), messages before the subscribed reply, disconnects, unknown rooms. Live
// delivery and gaps within a session: tst_roomtrackergaps.
#include "roomtrackertest.h"

#include <QTest>

using namespace roomcast;
using namespace roomcast::test::roomtrackertest;

class TestRoomTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstSubscribeHasNoSince()
    {
        RoomTracker tracker;
        tracker.add(kRoom);
        const auto request = tracker.subscribeRequest(kRoom, 80);
        QCOMPARE(request.room, kRoom);
        QVERIFY(!request.since);
        QCOMPARE(request.limit, 80);
        QCOMPARE(tracker.subscribeRequest(kRoom, 9000).limit, 500);
        QVERIFY(!tracker.status(kRoom)->synced);
    }

    void laterSubscribesCarrySince()
    {
        RoomTracker tracker = trackerAt(3);
        QVERIFY(tracker.status(kRoom)->synced);
        tracker.onMessage(message(4));
        tracker.onDisconnected();
        QVERIFY(!tracker.status(kRoom)->synced);
        const auto request = tracker.subscribeRequest(kRoom);
        QVERIFY(request.since);
        QCOMPARE(request.since->epoch, std::string("e1"));
        QCOMPARE(request.since->seq, 4);
    }

    void emptyRoomHasPositionZero()
    {
        RoomTracker tracker = trackerAt(0);
        const auto request = tracker.subscribeRequest(kRoom);
        QVERIFY(request.since);
        QCOMPARE(request.since->seq, 0);
        QCOMPARE(seqs(tracker.onMessage(message(1))), Seqs{1});
    }

    void recoveredResumeDeliversOnlyMissed()
    {
        RoomTracker tracker = trackerAt(5);
        tracker.onDisconnected();
        // The server may repeat what we have; only 6..8 are new.
        const auto outcome = tracker.onSubscribed(subscribed("e1", 8, true, range(4, 8)));
        QCOMPARE(seqs(outcome), span(6, 8));
        QVERIFY(!outcome.fetch);
        QVERIFY(!tracker.status(kRoom)->missingSinceMs);
        QCOMPARE(tracker.status(kRoom)->epoch, std::string("e1"));
        QCOMPARE(tracker.status(kRoom)->seq, 8);
    }

    void notRecoveredSameEpochMarksMissing()
    {
        RoomTracker tracker = trackerAt(5);
        tracker.onDisconnected();
        const auto outcome = tracker.onSubscribed(subscribed("e1", 650, false, range(601, 650)));
        QCOMPARE(seqs(outcome), span(601, 650));
        QVERIFY(!outcome.fetch);
        QCOMPARE(tracker.status(kRoom)->missingSinceMs, std::optional<std::int64_t>(5000));
        QCOMPARE(tracker.status(kRoom)->seq, 650);
        QCOMPARE(seqs(tracker.onMessage(message(650))), Seqs{});
        QCOMPARE(seqs(tracker.onMessage(message(651))), Seqs{651});
    }

    void newEpochResets_data()
    {
        QTest::addColumn<std::string>("epoch");
        QTest::addColumn<qint64>("latest");
        QTest::newRow("another epoch") << std::string("e2") << 3LL;
        QTest::newRow("another epoch, longer") << std::string("e2") << 30LL;
        // Same name but the room fell below our position: its history was reset.
        QTest::newRow("same epoch, seq went back") << std::string("e1") << 3LL;
    }
    void newEpochResets()
    {
        QFETCH(std::string, epoch);
        QFETCH(qint64, latest);
        RoomTracker tracker = trackerAt(5);
        tracker.onMessage(message(9)); // held past a gap of the old history
        tracker.onDisconnected();
        std::vector<protocol::Message> history = range(1, latest);
        for (auto &m : history)
            m.tsMs += 100000; // newer than anything seen
        const auto outcome = tracker.onSubscribed(subscribed(epoch, latest, false, history));
        QCOMPARE(seqs(outcome), span(1, latest));
        QVERIFY(!outcome.fetch);
        QCOMPARE(tracker.status(kRoom)->epoch, epoch);
        QCOMPARE(tracker.status(kRoom)->seq, latest);
        QCOMPARE(tracker.status(kRoom)->missingSinceMs, std::optional<std::int64_t>(5000));
        const auto request = tracker.subscribeRequest(kRoom);
        QCOMPARE(request.since->epoch, epoch);
        QCOMPARE(request.since->seq, latest);
    }

    void firstSubscribeIsNotMissing()
    {
        RoomTracker tracker;
        tracker.add(kRoom);
        const auto outcome = tracker.onSubscribed(subscribed("e1", 120, false, range(71, 120)));
        QCOMPARE(seqs(outcome), span(71, 120));
        QVERIFY(!outcome.fetch);
        QVERIFY(!tracker.status(kRoom)->missingSinceMs);
    }

    void messagesBeforeSubscribedAreBuffered_data()
    {
        QTest::addColumn<qint64>("latest");
        QTest::newRow("newer than the history") << 10LL;
        QTest::newRow("also in the history") << 12LL;
    }
    void messagesBeforeSubscribedAreBuffered()
    {
        QFETCH(qint64, latest);
        RoomTracker tracker;
        tracker.add(kRoom);
        QVERIFY(seqs(tracker.onMessage(message(11))).isEmpty());
        QVERIFY(!tracker.onMessage(message(12)).fetch);
        const auto outcome =
            tracker.onSubscribed(subscribed("e1", latest, false, range(1, latest)));
        QCOMPARE(seqs(outcome), span(1, 12));
        QVERIFY(!outcome.fetch);
    }

    void bufferedPastAGapAreFetchedFor()
    {
        RoomTracker tracker;
        tracker.add(kRoom);
        tracker.onMessage(message(13));
        auto outcome = tracker.onSubscribed(subscribed("e1", 10, false, range(1, 10)));
        QCOMPARE(seqs(outcome), span(1, 10));
        QVERIFY(outcome.fetch);
        QCOMPARE(*outcome.fetch->before, 13);
        QCOMPARE(outcome.fetch->limit, 2);
        QCOMPARE(seqs(tracker.onHistory(historyReply(range(11, 12)))), span(11, 13));
    }

    void disconnectThenOverlappingResume()
    {
        RoomTracker tracker = trackerAt(5);
        QVERIFY(tracker.onMessage(message(8)).fetch);
        tracker.onDisconnected();
        QCOMPARE(tracker.subscribeRequest(kRoom).since->seq, 5);
        // The new session: a live message overtakes the reply, then the recovered history.
        QVERIFY(seqs(tracker.onMessage(message(10))).isEmpty());
        const auto outcome = tracker.onSubscribed(subscribed("e1", 9, true, range(6, 9)));
        QCOMPARE(seqs(outcome), span(6, 10));
        QVERIFY(!outcome.fetch);
        QVERIFY(seqs(tracker.onMessage(message(9))).isEmpty());
        QVERIFY(seqs(tracker.onMessage(message(10))).isEmpty());
        QCOMPARE(seqs(tracker.onMessage(message(11))), Seqs{11});
    }

    void disconnectClearsFetching()
    {
        RoomTracker tracker = trackerAt(5);
        QVERIFY(tracker.onMessage(message(8)).fetch);
        tracker.onDisconnected();
        // Held message 8 is kept with the epoch; the unanswered fetch is asked again.
        const auto outcome = tracker.onSubscribed(subscribed("e1", 8, true, {}));
        QVERIFY(outcome.deliver.empty());
        QVERIFY(outcome.fetch);
        QCOMPARE(*outcome.fetch->before, 8);
        QCOMPARE(outcome.fetch->limit, 2);
        QCOMPARE(seqs(tracker.onHistory(historyReply(range(6, 7)))), span(6, 8));
    }

    void unknownAndRemovedRoomsAreIgnored()
    {
        RoomTracker tracker = trackerAt(2);
        QVERIFY(tracker.onMessage(message(1, "other")).deliver.empty());
        auto s = subscribed("e1", 1, false, range(1, 1));
        s.room = "other";
        QVERIFY(tracker.onSubscribed(s).deliver.empty());
        QCOMPARE(tracker.rooms(), std::vector<std::string>{kRoom});
        tracker.remove(kRoom);
        QVERIFY(!tracker.contains(kRoom));
        QVERIFY(tracker.status(kRoom) == nullptr);
        QVERIFY(tracker.onMessage(message(3)).deliver.empty());
    }

    void staleHistoryIgnoredWhileNotSynced()
    {
        RoomTracker tracker = trackerAt(5);
        tracker.onDisconnected();
        QVERIFY(tracker.onHistory(historyReply(range(6, 7))).deliver.empty());
        QCOMPARE(tracker.status(kRoom)->seq, 5);
    }
};

QTEST_GUILESS_MAIN(TestRoomTracker)
#include "tst_roomtracker.moc"
