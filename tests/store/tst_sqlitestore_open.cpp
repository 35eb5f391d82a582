// Opening: clear errors for unusable data directories, and recovery after SIGKILL.

#include "tst_sqlitestore.h"

#include "storetestutil.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <unistd.h>

using namespace storetest;
using roomcast::protocol::ErrorCode;

namespace {
//! Expects open() to fail with a one-line message naming `path` and containing `what`.
void expectOpenError(const QString &dataDir, const QString &path, const char *what)
{
    auto opened = SqliteStore::open(options(dataDir));
    QVERIFY(!opened);
    const QString message = QString::fromStdString(opened.error().message);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String(what)), qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
}
} // namespace

void tst_SqliteStore::openFailsUnderRegularFile()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString dataDir = dir.filePath(QStringLiteral("file/sub"));
    expectOpenError(dataDir, dataDir, "not a directory");
    QVERIFY(SqliteStore::open(options(dataDir)).error().code == ErrorCode::Unavailable);
}

void tst_SqliteStore::openFailsOnNonDatabase()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("roomcast.db")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    expectOpenError(dir.path(), file.fileName(), "not a database");
}

void tst_SqliteStore::openFailsOnReadOnlyDirectory()
{
    if (::geteuid() == 0)
        QSKIP("root ignores directory permissions");
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(dataDir));
    QVERIFY(QFile::setPermissions(dataDir, QFile::ReadOwner | QFile::ExeOwner));
    expectOpenError(dataDir, dataDir, "permission denied");
    QFile::setPermissions(dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void tst_SqliteStore::openFailsWhenInUse()
{
    QTemporaryDir dir;
    auto first = open(options(dir.path()));
    QVERIFY(first);
    expectOpenError(dir.path(), dir.path(), "in use");
    first.reset();
    QVERIFY(open(options(dir.path())));
}

void tst_SqliteStore::ackedSurvivesSigkill()
{
    QTemporaryDir dir;
    QProcess killer;
    QByteArray output;
    connect(&killer, &QProcess::readyReadStandardOutput, this,
            [&] { output += killer.readAllStandardOutput(); });
    killer.start(QStringLiteral(STOREKILLER_PATH), {dir.path()});
    QVERIFY2(killer.waitForStarted(), qPrintable(killer.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(output.count("ACK ") >= 800, 60000);
    killer.kill(); // SIGKILL: no flush, no destructor
    QVERIFY(killer.waitForFinished());
    QCOMPARE(killer.exitStatus(), QProcess::CrashExit);
    output += killer.readAllStandardOutput();
    const QByteArray errors = killer.readAllStandardError();
    QVERIFY2(!errors.contains("BAD"), errors.constData()); // a callback saw a wrong seq

    std::string epoch;
    std::map<std::string, std::vector<qint64>> acked;
    for (const QByteArray &line : output.split('\n').mid(0, output.count('\n'))) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() == 2 && fields[0] == "EPOCH")
            epoch = fields[1].toStdString();
        else if (fields.size() == 3 && fields[0] == "ACK")
            acked[fields[1].toStdString()].push_back(fields[2].toLongLong());
        else
            QFAIL(line.constData());
    }
    QVERIFY(!epoch.empty());

    auto store = open(options(dir.path(), 1000000));
    QVERIFY(store);
    for (const auto &[room, seqs] : acked) {
        const auto state = store->roomState(room);
        QCOMPARE(state.epoch, epoch);
        QCOMPARE(state.firstSeq, 1);
        QVERIFY(state.seq >= seqs.back());
        const auto stored = store->messagesAfter(room, 0, 1000000);
        QCOMPARE(seqsOf(stored), range(1, state.seq)); // contiguous from 1
        for (qint64 seq : seqs) {
            const auto &m = stored.at(std::size_t(seq - 1));
            QCOMPARE(m.body.value("n", qint64(0)), seq);
            QCOMPARE(m.clientMsgId, room + '-' + std::to_string(seq));
            QCOMPARE(m.from.id, std::string("killer"));
        }
    }
    QVERIFY(acked.count("a") && acked.count("b"));
    Results results; // the idempotency keys survived too
    store->append(message("a", "repeat", "killer", "a-1"), results.add());
    QTRY_COMPARE(results.size(), 1);
    QVERIFY(results[0].duplicate);
    QCOMPARE(results[0].message.seq, 1);
}
