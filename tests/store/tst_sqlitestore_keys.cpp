// Idempotency (user + client_msg_id within the window) and failed commits.

#include "tst_sqlitestore.h"

#include "storetestutil.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace storetest;
using roomcast::protocol::ErrorCode;

namespace {
constexpr std::int64_t kStart = 1'700'000'000'000;
constexpr std::int64_t kWindow = 600000;

//! Runs one statement on an independent connection (to disturb the store from outside).
bool execOutside(const QString &dataDir, const char *sql)
{
    sqlite3 *db = nullptr;
    const QByteArray path = (dataDir + QStringLiteral("/roomcast.db")).toUtf8();
    bool ok = sqlite3_open(path.constData(), &db) == SQLITE_OK;
    sqlite3_busy_timeout(db, 5000);
    ok = ok && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}
} // namespace

void tst_SqliteStore::committedDuplicate()
{
    QTemporaryDir dir;
    std::int64_t now = kStart;
    auto store = open(options(dir.path(), 10000, [&now] { return now; }));
    QVERIFY(store);
    Results results;
    store->append(message("r", "first", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 1);
    now += 1000;
    store->append(message("r", "second", "u1", "c1"), results.add());
    QCOMPARE(results.size(), 1); // asynchronous even when the answer is known
    QTRY_COMPARE(results.size(), 2);
    QVERIFY(results[1].ok);
    QVERIFY(results[1].duplicate);
    QCOMPARE(results[1].message.seq, 1);
    QCOMPARE(results[1].message.tsMs, kStart);
    QCOMPARE(textOf(results[1].message), std::string("first"));
    QCOMPARE(store->roomState("r").seq, 1);
    store->append(message("r", "third", "u1", "c2"), results.add());
    QTRY_COMPARE(results.size(), 3);
    QCOMPARE(results[2].message.seq, 2);
}

void tst_SqliteStore::inFlightDuplicate()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("r", "first", "u1", "c1"), results.add());
    store->append(message("r", "again", "u1", "c1"), results.add());
    store->append(message("r", "other", "u1", "c2"), results.add());
    QCoreApplication::processEvents(); // first batch in flight
    store->append(message("r", "late", "u1", "c2"), results.add());
    QTRY_COMPARE(results.size(), 4);
    QVERIFY(!results[0].duplicate);
    QVERIFY(results[1].duplicate);
    QCOMPARE(results[1].message.seq, 1);
    QCOMPARE(textOf(results[1].message), std::string("first"));
    QCOMPARE(results[2].message.seq, 2);
    QVERIFY(results[3].duplicate);
    QCOMPARE(results[3].message.seq, 2);
    QCOMPARE(textOf(results[3].message), std::string("other"));
    QCOMPARE(store->roomState("r").seq, 2);
}

void tst_SqliteStore::keyIsPerUser()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("r", "a", "u1", "same"), results.add());
    store->append(message("r", "b", "u2", "same"), results.add());
    store->append(message("r", "c", "u1"), results.add()); // no client_msg_id: never a repeat
    store->append(message("r", "c", "u1"), results.add());
    QTRY_COMPARE(results.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(!results[i].duplicate);
        QCOMPARE(results[i].message.seq, i + 1);
    }
}

void tst_SqliteStore::keyExpires()
{
    QTemporaryDir dir;
    std::int64_t now = kStart;
    auto store = open(options(dir.path(), 10000, [&now] { return now; }));
    QVERIFY(store);
    Results results;
    store->append(message("r", "first", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 1);
    now = kStart + kWindow - 1;
    store->append(message("r", "repeat", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 2);
    QVERIFY(results[1].duplicate);
    now = kStart + kWindow + 1;
    store->append(message("r", "anew", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 3);
    QVERIFY(!results[2].duplicate);
    QCOMPARE(results[2].message.seq, 2);
    store->append(message("r", "repeat", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 4);
    QVERIFY(results[3].duplicate);
    QCOMPARE(results[3].message.seq, 2);
}

void tst_SqliteStore::keysSurviveReopen()
{
    QTemporaryDir dir;
    std::int64_t now = kStart;
    const auto opts = options(dir.path(), 10000, [&now] { return now; });
    Results results;
    {
        auto store = open(opts);
        QVERIFY(store);
        store->append(message("r", "first", "u1", "c1"), results.add());
        QTRY_COMPARE(results.size(), 1);
    }
    {
        now = kStart + kWindow / 2;
        auto store = open(opts);
        QVERIFY(store);
        store->append(message("r", "repeat", "u1", "c1"), results.add());
        QTRY_COMPARE(results.size(), 2);
        QVERIFY(results[1].duplicate);
        QCOMPARE(results[1].message.seq, 1);
        QCOMPARE(textOf(results[1].message), std::string("first"));
        QCOMPARE(results[1].message.from.name, std::string("u1 name"));
    }
    now = kStart + kWindow + 1;
    auto store = open(opts);
    QVERIFY(store);
    store->append(message("r", "anew", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 3);
    QVERIFY(!results[2].duplicate);
    QCOMPARE(results[2].message.seq, 2);
}

void tst_SqliteStore::duplicateOfTrimmedMessage()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path(), 1));
    QVERIFY(store);
    Results results;
    store->append(message("r", "first", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 1);
    store->append(message("r", "second"), results.add());
    QTRY_COMPARE(results.size(), 2);
    QCOMPARE(store->roomState("r").firstSeq, 2);
    store->append(message("r", "first", "u1", "c1"), results.add());
    QTRY_COMPARE(results.size(), 3);
    QVERIFY(results[2].duplicate);
    QCOMPARE(results[2].message.seq, 1);
    QCOMPARE(results[2].message.tsMs, results[0].message.tsMs);
}

void tst_SqliteStore::failedBatchReportsUnavailable()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("r", "one"), results.add());
    QTRY_COMPARE(results.size(), 1);
    // Someone else took seq 2: the next commit hits the primary key and rolls back.
    QVERIFY(execOutside(dir.path(), "INSERT INTO messages VALUES('r', 2, 0, 'x', 'x', 'chat', "
                                    "'{}', '')"));
    store->append(message("r", "two", "u1", "c1"), results.add());
    store->append(message("r", "two again", "u1", "c1"), results.add());
    store->append(message("s", "other room, same batch"), results.add());
    QTRY_COMPARE(results.size(), 4);
    for (int i = 1; i < 4; ++i) {
        QVERIFY(!results[i].ok);
        QVERIFY(results[i].error.code == ErrorCode::Unavailable);
        QVERIFY2(results[i].error.message.rfind("storage unavailable: ", 0) == 0,
                 results[i].error.message.c_str());
    }
    QCOMPARE(store->roomState("r").seq, 1);
    QCOMPARE(store->roomState("s").seq, 0);

    QVERIFY(execOutside(dir.path(), "DELETE FROM messages WHERE room = 'r' AND seq = 2"));
    store->append(message("r", "two", "u1", "c1"), results.add()); // the key was not kept
    QTRY_COMPARE(results.size(), 5);
    QVERIFY(results[4].ok);
    QVERIFY(!results[4].duplicate);
    QCOMPARE(results[4].message.seq, 2); // no gap
    QCOMPARE(seqsOf(store->messagesAfter("r", 0, 10)), range(1, 2));
}
