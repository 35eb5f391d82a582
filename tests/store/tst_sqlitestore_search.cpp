// tst_SqliteStore: the FTS5 index the schema's triggers keep (issue 11, search).
#include "tst_sqlitestore.h"

#include "storetestutil.h"

#include <QTemporaryDir>

#include <sqlite3.h>

using namespace storetest;

namespace {

QList<qint64> found(const SqliteStore &store, const std::string &room, const std::string &query,
                    int limit = 20)
{
    auto hits = store.search(room, query, limit);
    if (!hits) {
        qWarning("search failed: %s", hits.error().message.c_str());
        return {-1};
    }
    return seqsOf(hits.value());
}

Message notification(const std::string &room, const std::string &title)
{
    Message m = message(room, "");
    m.kind = "notification";
    m.body = {{"title", title}, {"level", "warning"}};
    return m;
}

} // namespace

void tst_SqliteStore::searchFindsNewestFirstInItsRoom()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("ops", "deploy started"), results.add());      // 1
    store->append(message("ops", "coffee break"), results.add());        // 2
    store->append(message("ops", "Deployment finished"), results.add()); // 3
    store->append(message("other", "deploy elsewhere"), results.add());  // other 1
    store->append(notification("ops", "Deploy failed"), results.add());  // 4
    QTRY_COMPARE(results.size(), 5);
    QCOMPARE(found(*store, "ops", "\"deploy\""), (QList<qint64>{4, 1}));
    QCOMPARE(found(*store, "ops", "\"deplo\"*"), (QList<qint64>{4, 3, 1}));
    QCOMPARE(found(*store, "ops", "\"deplo\"*", 2), (QList<qint64>{4, 3}));
    QCOMPARE(found(*store, "other", "\"deploy\""), (QList<qint64>{1}));
    QCOMPARE(found(*store, "nowhere", "\"deploy\""), QList<qint64>{});
    const auto hits = store->search("ops", "\"coffee\"", 20);
    QVERIFY(hits);
    QCOMPARE(hits.value().size(), std::size_t{1});
    QCOMPARE(textOf(hits.value().front()), std::string("coffee break"));
    QCOMPARE(hits.value().front().from.id, std::string("alice"));
}

void tst_SqliteStore::searchReadsAnyScript()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("r", "Привет, мир"), results.add());
    store->append(message("r", "Ελληνικά κείμενα"), results.add());
    store->append(message("r", "Crème brûlée"), results.add());
    QTRY_COMPARE(results.size(), 3);
    QCOMPARE(found(*store, "r", "\"привет\""), (QList<qint64>{1}));
    QCOMPARE(found(*store, "r", "\"ελληνικά\""), (QList<qint64>{2}));
    QCOMPARE(found(*store, "r", "\"creme brulee\""), (QList<qint64>{3}));
}

void tst_SqliteStore::searchFollowsRetention()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path(), 1000));
    QVERIFY(store);
    Results results;
    store->append(message("r", "needle early"), results.add());
    for (int i = 0; i < 1000; ++i)
        store->append(message("r", "hay " + std::to_string(i)), results.add());
    store->append(message("r", "needle late"), results.add());
    QTRY_COMPARE(results.size(), 1002);
    QCOMPARE(found(*store, "r", "\"needle\""), (QList<qint64>{1002}));
    QCOMPARE(found(*store, "r", "\"hay\"", 100).size(), 100);
}

void tst_SqliteStore::searchRefusesWhatFts5CannotParse()
{
    QTemporaryDir dir;
    auto store = open(options(dir.path()));
    QVERIFY(store);
    Results results;
    store->append(message("r", "x"), results.add());
    QTRY_COMPARE(results.size(), 1);
    const auto hits = store->search("r", "\"x\" AND", 20);
    QVERIFY(!hits);
    QVERIFY(hits.error().code == roomcast::protocol::ErrorCode::BadRequest);
    QCOMPARE(hits.error().field, std::string("q"));
    QVERIFY2(hits.error().message.find("syntax error") != std::string::npos,
             hits.error().message.c_str());
    QCOMPARE(found(*store, "r", "\"x\""), (QList<qint64>{1})); // the store still reads
}

void tst_SqliteStore::searchIndexesAStoreFromBeforeSearch()
{
    QTemporaryDir dir;
    {
        auto store = open(options(dir.path()));
        QVERIFY(store);
        Results results;
        store->append(message("r", "old deploy"), results.add());
        QTRY_COMPARE(results.size(), 1);
    }
    { // back to schema version 1: no index, no triggers
        sqlite3 *db = nullptr;
        const QByteArray path = (dir.path() + QStringLiteral("/roomcast.db")).toUtf8();
        QCOMPARE(sqlite3_open(path.constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "DROP TRIGGER messages_fts_insert; DROP TRIGGER messages_fts_delete;"
                              "DROP TABLE messages_fts; DROP TABLE search_rooms;"
                              "PRAGMA user_version=1;",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
    }
    auto store = open(options(dir.path()));
    QVERIFY(store);
    QCOMPARE(found(*store, "r", "\"deploy\""), (QList<qint64>{1}));
    Results results;
    store->append(message("r", "new deploy"), results.add());
    QTRY_COMPARE(results.size(), 1);
    QCOMPARE(found(*store, "r", "\"deploy\""), (QList<qint64>{2, 1}));
}
