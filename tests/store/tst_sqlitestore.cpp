#include "tst_sqlitestore.h"

#include "storetestutil.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace storetest;

void tst_SqliteStore::seqPerRoomInAppendOrder()
{
    QTemporaryDir dir;
    std::int64_t now = 1'700'000'000'000;
    auto store = open(options(dir.path(), 10000, [&now] { return now; }));
    QVERIFY(store);
    Results results;
    const std::vector<std::pair<std::string, std::string>> appends = {
        {"a", "a1"}, {"b", "b1"}, {"a", "a2"}, {"a", "a3"}, {"b", "b2"}};
    for (const auto &[room, text] : appends)
        store->append(message(room, text, "alice", "id-" + text), results.add());
    QCOMPARE(results.size(), 0); // never inside append()
    QTRY_COMPARE(results.size(), 5);

    const std::vector<std::int64_t> expectedSeqs = {1, 1, 2, 3, 2};
    for (int i = 0; i < 5; ++i) {
        QVERIFY(results[i].ok);
        QVERIFY(!results[i].duplicate);
        QCOMPARE(textOf(results[i].message), appends[std::size_t(i)].second);
        QCOMPARE(results[i].message.seq, expectedSeqs[std::size_t(i)]);
        QCOMPARE(results[i].message.tsMs, now);
    }
    QCOMPARE(store->roomState("a").seq, 3);
    QCOMPARE(store->roomState("a").firstSeq, 1);
    const auto stored = store->messagesAfter("a", 0, 10);
    QCOMPARE(seqsOf(stored), range(1, 3));
    QCOMPARE(textOf(stored[1]), std::string("a2"));
    QCOMPARE(stored[1].from.id, std::string("alice"));
    QCOMPARE(stored[1].from.name, std::string("alice name"));
    QCOMPARE(stored[1].kind, std::string("chat"));
    QCOMPARE(stored[1].clientMsgId, std::string("id-a2"));
    QCOMPARE(stored[1].tsMs, now);
    QCOMPARE(stored[1].room, std::string("a"));
}

void tst_SqliteStore::callbackRunsAfterCommit()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    const QByteArray dbPath = dir.filePath(QStringLiteral("roomcast.db")).toUtf8();
    int calls = 0;
    for (int i = 0; i < 3; ++i) {
        store->append(message("r", "m"), [&](const AppendResult &r) {
            ++calls;
            QVERIFY(r.ok);
            // Visible to an independent connection: the transaction has committed.
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open_v2(dbPath.constData(), &db, SQLITE_OPEN_READONLY, nullptr),
                     SQLITE_OK);
            sqlite3_stmt *st = nullptr;
            sqlite3_prepare_v2(db, "SELECT count(*) FROM messages WHERE room='r' AND seq=?1", -1,
                               &st, nullptr);
            sqlite3_bind_int64(st, 1, r.message.seq);
            QCOMPARE(sqlite3_step(st), SQLITE_ROW);
            QCOMPARE(sqlite3_column_int(st, 0), 1);
            sqlite3_finalize(st);
            sqlite3_close(db);
            // Announced exactly up to this message when its callback runs.
            QCOMPARE(store->roomState("r").seq, r.message.seq);
            QCOMPARE(store->messagesAfter("r", 0, 10).back().seq, r.message.seq);
        });
    }
    QCOMPARE(store->roomState("r").seq, 0);
    QCOMPARE(store->pendingCount(), 3);
    QTRY_COMPARE(calls, 3);
    QCOMPARE(store->pendingCount(), 0);
}

void tst_SqliteStore::groupCommitBatches()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    for (int i = 0; i < 2000; ++i)
        store->append(message(i % 2 ? "odd" : "even", std::to_string(i)), results.add());
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2000, 30000);
    QVERIFY2(store->committedBatchCount() <= 2, "2000 appends should share a transaction");
    for (int i = 0; i < 2000; ++i)
        QCOMPARE(results[i].message.seq, i / 2 + 1);
    QCOMPARE(store->roomState("odd").seq, 1000);
}

void tst_SqliteStore::appendsDuringCommitFormNextBatch()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("r", "first"), results.add());
    QCoreApplication::processEvents(); // the first batch goes to the writer
    for (int i = 0; i < 999; ++i)
        store->append(message("r", std::to_string(i)), results.add());
    QTRY_COMPARE(results.size(), 1000);
    QCOMPARE(store->committedBatchCount(), 2);
    QCOMPARE(results[999].message.seq, 1000);
}

void tst_SqliteStore::finishedBatchWaitsForTheOneCommittingBehindIt()
{
    // A batch that finishes while the next one is already waiting holds its callbacks until
    // that one has committed too, so both fan out in one event-loop pass; once, not twice.
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    std::vector<int> committedSeenBy; // committedBatchCount() when each callback ran
    const auto record = [&](const roomcast::server::AppendResult &r) {
        QVERIFY(r.ok);
        committedSeenBy.push_back(store->committedBatchCount());
    };
    store->append(message("r", "a"), record);
    QCoreApplication::processEvents();        // batch 1 goes to the writer
    store->append(message("r", "b"), record); // waits: batch 2
    QTRY_COMPARE(committedSeenBy.size(), std::size_t(2));
    QCOMPARE(committedSeenBy, (std::vector<int>{2, 2})); // a's callback waited for b's commit

    // Alone, nothing waits: the callback runs right after its own commit.
    store->append(message("r", "c"), record);
    QTRY_COMPARE(committedSeenBy.size(), std::size_t(3));
    QCOMPARE(committedSeenBy[2], 3);
}

void tst_SqliteStore::epochStableAcrossReopen()
{
    QTemporaryDir dir;
    std::string epoch;
    {
        auto store = open(options(dir.path()));
        QVERIFY(store);
        epoch = store->roomState("x").epoch;
        QCOMPARE(epoch.size(), std::size_t(8));
        Results results;
        store->append(message("x", "hello"), results.add());
        QTRY_COMPARE(results.size(), 1);
        QCOMPARE(store->roomState("x").epoch, epoch); // same before and after the first message
    }
    {
        auto store = open(options(dir.path()));
        QVERIFY(store);
        QCOMPARE(store->roomState("x").epoch, epoch);
        QCOMPARE(store->roomState("x").seq, 1);
        QCOMPARE(store->roomState("other").epoch, epoch);
    }
    QVERIFY(QDir(dir.path()).removeRecursively());
    auto wiped = open(options(dir.path()));
    QVERIFY(wiped);
    QVERIFY(wiped->roomState("x").epoch != epoch);
    QCOMPARE(wiped->roomState("x").seq, 0);
}

void tst_SqliteStore::unknownRoom()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    const auto state = store->roomState("nobody-here");
    QVERIFY(!state.epoch.empty());
    QCOMPARE(state.seq, 0);
    QCOMPARE(state.firstSeq, 1);
    QVERIFY(store->messagesAfter("nobody-here", 0, 50).empty());
    bool more = true;
    QVERIFY(store->messagesBefore("nobody-here", std::nullopt, 50, &more).empty());
    QVERIFY(!more);
}

void tst_SqliteStore::retentionKeepsLatest()
{
    QTemporaryDir dir;
    for (int round = 0; round < 2; ++round) {
        auto store = open(options(dir.path(), 1000));
        QVERIFY(store);
        Results results;
        for (int i = 0; i < (round == 0 ? 600 : 900); ++i)
            store->append(message("r", std::to_string(i)), results.add());
        store->append(message("small", "only"), results.add());
        QTRY_COMPARE(results.size(), round == 0 ? 601 : 901);
    }
    auto store = open(options(dir.path(), 1000));
    QVERIFY(store);
    const auto state = store->roomState("r");
    QCOMPARE(state.seq, 1500);
    QCOMPARE(state.firstSeq, 501);
    QCOMPARE(seqsOf(store->messagesAfter("r", 0, 5000)), range(501, 1500));
    QCOMPARE(store->roomState("small").firstSeq, 1);
    bool more = true;
    QCOMPARE(seqsOf(store->messagesBefore("r", 502, 50, &more)), range(501, 501));
    QVERIFY(!more);
    QCOMPARE(seqsOf(store->messagesBefore("r", std::nullopt, 50, &more)), range(1451, 1500));
    QVERIFY(more);
}

void tst_SqliteStore::readBounds_data()
{
    QTest::addColumn<bool>("historyCall"); // messagesBefore, else messagesAfter
    QTest::addColumn<qint64>("bound");     // before (-1: none) or after
    QTest::addColumn<int>("limit");
    QTest::addColumn<qint64>("first"); // 0: empty
    QTest::addColumn<qint64>("last");
    QTest::addColumn<bool>("more");

    QTest::newRow("after middle") << false << qint64(5) << 3 << qint64(6) << qint64(8) << false;
    QTest::newRow("after near end")
        << false << qint64(18) << 10 << qint64(19) << qint64(20) << false;
    QTest::newRow("after end") << false << qint64(20) << 10 << qint64(0) << qint64(0) << false;
    QTest::newRow("after limit 0") << false << qint64(0) << 0 << qint64(0) << qint64(0) << false;
    QTest::newRow("latest") << true << qint64(-1) << 5 << qint64(16) << qint64(20) << true;
    QTest::newRow("all") << true << qint64(-1) << 50 << qint64(1) << qint64(20) << false;
    QTest::newRow("before exact") << true << qint64(6) << 5 << qint64(1) << qint64(5) << false;
    QTest::newRow("before more") << true << qint64(7) << 5 << qint64(2) << qint64(6) << true;
    QTest::newRow("before 1") << true << qint64(1) << 5 << qint64(0) << qint64(0) << false;
    QTest::newRow("before beyond") << true << qint64(100) << 3 << qint64(18) << qint64(20) << true;
    QTest::newRow("before limit 0") << true << qint64(5) << 0 << qint64(0) << qint64(0) << true;
}

void tst_SqliteStore::readBounds()
{
    QFETCH(bool, historyCall);
    QFETCH(qint64, bound);
    QFETCH(int, limit);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(bool, more);

    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    for (int i = 1; i <= 20; ++i)
        store->append(message("r", std::to_string(i)), results.add());
    store->append(message("other", "x"), results.add());
    QTRY_COMPARE(results.size(), 21);

    bool gotMore = !more;
    const auto got =
        historyCall
            ? store->messagesBefore("r", bound < 0 ? std::nullopt : std::optional<qint64>(bound),
                                    limit, &gotMore)
            : store->messagesAfter("r", bound, limit);
    QCOMPARE(seqsOf(got), first ? range(first, last) : QList<qint64>());
    if (historyCall)
        QCOMPARE(gotMore, more);
    for (const auto &m : got)
        QCOMPARE(textOf(m), std::to_string(m.seq));
}

void tst_SqliteStore::flushAndDestructorStoreEverything()
{
    QTemporaryDir dir;
    Results results;
    {
        auto store = open(options(dir.path()));
        QVERIFY(store);
        for (int i = 0; i < 100; ++i)
            store->append(message("r", std::to_string(i)), results.add());
        store->flush(); // no event loop needed
        QCOMPARE(results.size(), 100);
        QCOMPARE(store->pendingCount(), 0);
        QCOMPARE(store->roomState("r").seq, 100);
        for (int i = 0; i < 10; ++i)
            store->append(message("r", "late"), results.add());
    } // the destructor flushes
    QCOMPARE(results.size(), 110);
    auto store = open(options(dir.path()));
    QVERIFY(store);
    QCOMPARE(store->roomState("r").seq, 110);
}

QTEST_GUILESS_MAIN(tst_SqliteStore)
