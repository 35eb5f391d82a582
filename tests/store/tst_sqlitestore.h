#pragma once

#include <QObject>

//! SqliteStore: seqs, group commit, reads, retention, idempotency, search, open errors, SIGKILL.
class tst_SqliteStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // tst_sqlitestore.cpp
    void seqPerRoomInAppendOrder();
    void callbackRunsAfterCommit();
    void groupCommitBatches();
    void appendsDuringCommitFormNextBatch();
    void finishedBatchWaitsForTheOneCommittingBehindIt();
    void epochStableAcrossReopen();
    void unknownRoom();
    void retentionKeepsLatest();
    void readBounds_data();
    void readBounds();
    void flushAndDestructorStoreEverything();

    // tst_sqlitestore_keys.cpp
    void committedDuplicate();
    void inFlightDuplicate();
    void keyIsPerUser();
    void keyExpires();
    void keysSurviveReopen();
    void duplicateOfTrimmedMessage();
    void failedBatchReportsUnavailable();

    // tst_sqlitestore_search.cpp
    void searchFindsNewestFirstInItsRoom();
    void searchReadsAnyScript();
    void searchFollowsRetention();
    void searchRefusesWhatFts5CannotParse();
    void searchIndexesAStoreFromBeforeSearch();

    // tst_sqlitestore_open.cpp
    void openFailsUnderRegularFile();
    void openFailsOnNonDatabase();
    void openFailsOnReadOnlyDirectory();
    void openFailsWhenInUse();
    void ackedSurvivesSigkill();
};
