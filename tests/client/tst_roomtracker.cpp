#include "client/roomtracker.h"

#include <QTest>

using namespace roomcast;
using client::RoomTracker;
using Seqs = QList<qint64>;

namespace {

const std::string kRoom = "general";

protocol::Message message(std::int64_t seq, const std::string &room = kRoom)
{
    protocol::Message m;
    m.room = room;
    m.seq = seq;
    m.tsMs = 1000 * seq; // the ts tells which message set a mark
    m.from = {"alice", "Alice"};
    m.kind = "chat";
    m.body = {{"text", "m" + std::to_string(seq)}};
    return m;
}

std::vector<protocol::Message> range(std::int64_t from, std::int64_t to)
{
    std::vector<protocol::Message> messages;
    for (std::int64_t seq = from; seq <= to; ++seq)
        messages.push_back(message(seq));
    return messages;
}

protocol::Subscribed subscribed(const std::string &epoch, std::int64_t seq, bool recovered,
                                std::vector<protocol::Message> history)
{
    protocol::Subscribed s;
    s.room = kRoom;
    s.epoch = epoch;
    s.seq = seq;
    s.recovered = recovered;
    s.history = std::move(history);
    return s;
}

protocol::HistoryReply historyReply(std::vector<protocol::Message> messages)
{
    protocol::HistoryReply reply;
    reply.room = kRoom;
    reply.messages = std::move(messages);
    return reply;
}

Seqs seqs(const RoomTracker::Outcome &outcome)
{
    Seqs result;
    for (const auto &m : outcome.deliver)
        result.append(m.seq);
    return result;
}

Seqs span(qint64 from, qint64 to)
{
    Seqs result;
    for (qint64 seq = from; seq <= to; ++seq)
        result.append(seq);
    return result;
}

//! A tracker whose room is synced at `seq` of epoch "e1" (messages 1..seq delivered).
RoomTracker trackerAt(std::int64_t seq)
{
    RoomTracker tracker;
    tracker.add(kRoom);
    const auto outcome = tracker.onSubscribed(subscribed("e1", seq, false, range(1, seq)));
    Q_ASSERT(!outcome.fetch);
    return tracker;
}

} // namespace

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
