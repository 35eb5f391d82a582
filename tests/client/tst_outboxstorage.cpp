// Outbox on disk: entries survive a reopen, what was being sent is queued again after a crash,
// order holds, old acknowledged entries are pruned, missing directories are made and an
// unusable path is one clear line. The states within one session: tst_outbox.
#include "outboxtest.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace roomcast;
using namespace roomcast::test::outboxtest;

namespace {

constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

} // namespace

class TestOutboxStorage : public OutboxTest
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        removeDatabase();
    }

    void enqueuePersists()
    {
        QString id;
        {
            auto outbox = openOutbox();
            QVERIFY(outbox);
            QSignalSpy depth(outbox.get(), &Outbox::depthChanged);
            const auto entry = outbox->enqueue("general", "chat", chat("Hello, é ✓"));
            id = entry.clientMsgId;
            QCOMPARE(id.size(), 36); // a UUID without braces
            QCOMPARE(entry.state, Outbox::State::Queued);
            QCOMPARE(entry.createdMs, m_now);
            QCOMPARE(depth.count(), 1);
            QCOMPARE(outbox->depth(), 1);
            QVERIFY(QFile::exists(path() + QStringLiteral("-wal"))); // journal_mode=WAL
        }
        auto reopened = openOutbox();
        QVERIFY(reopened);
        const auto entry = reopened->find(id);
        QVERIFY(entry);
        QCOMPARE(entry->clientMsgId, id);
        QCOMPARE(entry->room, std::string("general"));
        QCOMPARE(entry->kind, std::string("chat"));
        QCOMPARE(dump(entry->body), dump(chat("Hello, é ✓")));
        QCOMPARE(entry->state, Outbox::State::Queued);
        QCOMPARE(reopened->depth(), 1);
        QVERIFY(!reopened->find(QStringLiteral("no-such-id")));
    }

    void sendingBecomesQueuedAfterCrash()
    {
        QString a, b;
        {
            auto outbox = openOutbox();
            QVERIFY(outbox);
            a = outbox->enqueue("general", "chat", chat("a")).clientMsgId;
            b = outbox->enqueue("general", "chat", chat("b")).clientMsgId;
            outbox->markSending(a);
            outbox->markSending(b);
        } // gone without an ack or a requeue
        auto outbox = openOutbox();
        QVERIFY(outbox);
        QCOMPARE(outbox->find(a)->state, Outbox::State::Queued);
        QCOMPARE(outbox->find(b)->state, Outbox::State::Queued);
        QCOMPARE(ids(outbox->unacknowledged()), (QStringList{a, b}));
        QCOMPARE(outbox->depth(), 2);
    }

    void orderingSurvivesReopen()
    {
        QStringList expected;
        {
            auto outbox = openOutbox();
            QVERIFY(outbox);
            // Same millisecond for most: insertion order must still hold.
            for (int i = 0; i < 20; ++i) {
                if (i == 10)
                    ++m_now;
                expected.append(
                    outbox->enqueue("general", "chat", chat(std::to_string(i))).clientMsgId);
            }
            outbox->markSending(expected.at(3));
            QCOMPARE(ids(outbox->unacknowledged()), expected);
        }
        auto outbox = openOutbox();
        QVERIFY(outbox);
        const auto entries = outbox->unacknowledged();
        QCOMPARE(ids(entries), expected);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(dump(entries.at(static_cast<std::size_t>(i)).body),
                     dump(chat(std::to_string(i))));
    }

    void oldAcknowledgedArePruned()
    {
        QString old, recent, queued;
        {
            auto outbox = openOutbox();
            QVERIFY(outbox);
            old = outbox->enqueue("general", "chat", chat("old")).clientMsgId;
            queued = outbox->enqueue("general", "chat", chat("queued")).clientMsgId;
            outbox->markAcknowledged(old, 1);
            m_now += kDayMs;
            recent = outbox->enqueue("general", "chat", chat("recent")).clientMsgId;
            outbox->markAcknowledged(recent, 2);
        }
        m_now += 1;
        auto outbox = openOutbox();
        QVERIFY(outbox);
        QVERIFY(!outbox->find(old));
        QVERIFY(outbox->find(recent));
        QVERIFY(outbox->find(queued)); // never acknowledged: kept whatever its age
    }

    void createsMissingDirectories()
    {
        const QString nested = m_dir.filePath(QStringLiteral("a/b/outbox.sqlite"));
        auto opened = Outbox::open(nested);
        QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
        QVERIFY(QFile::exists(nested));
    }

    void unusablePathIsOneClearLine_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QString>("mentions");
        // A plain file where a directory must be: the directory cannot be created.
        QTest::newRow("directory blocked") << QStringLiteral("blocker/sub/outbox.sqlite")
                                           << QStringLiteral("cannot create the directory");
        QTest::newRow("not a database") << QStringLiteral("blocker") << QString();
    }
    void unusablePathIsOneClearLine()
    {
        QFETCH(QString, relative);
        QFETCH(QString, mentions);
        QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly | QIODevice::Truncate));
        blocker.write(QByteArray(4096, 'x'));
        blocker.close();
        const QString bad = m_dir.filePath(relative);
        auto opened = Outbox::open(bad);
        QVERIFY(!opened);
        const QString message = QString::fromStdString(opened.error().message);
        QVERIFY2(message.contains(QDir::toNativeSeparators(bad)), qPrintable(message));
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
    }
};

QTEST_GUILESS_MAIN(TestOutboxStorage)
#include "tst_outboxstorage.moc"
