#include "client/outbox.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace roomcast;
using client::Outbox;

namespace {

constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

protocol::Json chat(const std::string &text)
{
    return {{"text", text}};
}

//! JSON as text, so that QCOMPARE prints both sides.
QString dump(const protocol::Json &json)
{
    return QString::fromStdString(json.dump());
}

QStringList ids(const std::vector<Outbox::Entry> &entries)
{
    QStringList result;
    for (const auto &entry : entries)
        result.append(entry.clientMsgId);
    return result;
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::int64_t m_now = 1'800'000'000'000;

    QString path() const { return m_dir.filePath(QStringLiteral("outbox.sqlite")); }
    std::unique_ptr<Outbox> openOutbox()
    {
        auto opened = Outbox::open(path(), [this] { return m_now; });
        if (!opened)
            qWarning("%s", opened.error().message.c_str());
        return opened ? std::move(opened).value() : nullptr;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(path());
        QFile::remove(path() + QStringLiteral("-wal"));
        QFile::remove(path() + QStringLiteral("-shm"));
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

    void statesAndDepth()
    {
        auto outbox = openOutbox();
        QVERIFY(outbox);
        const QString a = outbox->enqueue("general", "chat", chat("a")).clientMsgId;
        const QString b = outbox->enqueue("general", "chat", chat("b")).clientMsgId;
        const QString c = outbox->enqueue("alerts", "notification", {{"title", "c"}}).clientMsgId;
        QCOMPARE(outbox->depth(), 3);
        QSignalSpy changed(outbox.get(), &Outbox::entryChanged);
        QSignalSpy depth(outbox.get(), &Outbox::depthChanged);

        outbox->markSending(a);
        QCOMPARE(outbox->find(a)->state, Outbox::State::Sending);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), a);
        QCOMPARE(depth.count(), 0); // still waiting for an ack
        QCOMPARE(outbox->depth(), 3);

        outbox->markAcknowledged(a, 58);
        QCOMPARE(outbox->find(a)->state, Outbox::State::Acknowledged);
        QCOMPARE(outbox->find(a)->seq, 58);
        QCOMPARE(outbox->depth(), 2);
        QCOMPARE(depth.count(), 1);

        outbox->markFailed(b, QStringLiteral("forbidden: read-only token"));
        QCOMPARE(outbox->find(b)->state, Outbox::State::Failed);
        QCOMPARE(outbox->find(b)->error, QStringLiteral("forbidden: read-only token"));
        QCOMPARE(outbox->depth(), 1);
        QCOMPARE(depth.count(), 2);
        QCOMPARE(ids(outbox->unacknowledged()), QStringList{c});
        QCOMPARE(ids(outbox->all()), (QStringList{a, b, c}));

        // Late or repeated reports change nothing: an ack is final, sending needs Queued.
        changed.clear();
        outbox->markFailed(a, QStringLiteral("too late"));
        outbox->markSending(a);
        outbox->markSending(b);
        outbox->markAcknowledged(a, 58);
        QCOMPARE(outbox->find(a)->state, Outbox::State::Acknowledged);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(depth.count(), 2);
    }

    void requeueSending()
    {
        auto outbox = openOutbox();
        QVERIFY(outbox);
        const QString a = outbox->enqueue("general", "chat", chat("a")).clientMsgId;
        const QString b = outbox->enqueue("general", "chat", chat("b")).clientMsgId;
        outbox->markSending(a);
        QSignalSpy changed(outbox.get(), &Outbox::entryChanged);
        outbox->requeueSending();
        QCOMPARE(outbox->find(a)->state, Outbox::State::Queued);
        QCOMPARE(outbox->find(b)->state, Outbox::State::Queued);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), a);
        outbox->requeueSending();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(ids(outbox->unacknowledged()), (QStringList{a, b}));
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

    void failedAreNotResent()
    {
        auto outbox = openOutbox();
        QVERIFY(outbox);
        const QString a = outbox->enqueue("general", "chat", chat("a")).clientMsgId;
        const QString b = outbox->enqueue("general", "chat", chat("b")).clientMsgId;
        outbox->markSending(b);
        outbox->markFailed(b, QStringLiteral("bad_request: body.text"));
        QCOMPARE(ids(outbox->unacknowledged()), QStringList{a});
        outbox.reset();
        outbox = openOutbox();
        QCOMPARE(ids(outbox->unacknowledged()), QStringList{a});
        QCOMPARE(outbox->find(b)->state, Outbox::State::Failed);
    }

    void requeueFailed()
    {
        QString failed, queued, sending, acked;
        {
            auto outbox = openOutbox();
            QVERIFY(outbox);
            failed = outbox->enqueue("general", "chat", chat("failed")).clientMsgId;
            queued = outbox->enqueue("general", "chat", chat("queued")).clientMsgId;
            sending = outbox->enqueue("general", "chat", chat("sending")).clientMsgId;
            acked = outbox->enqueue("general", "chat", chat("acked")).clientMsgId;
            outbox->markSending(failed);
            outbox->markFailed(failed, QStringLiteral("forbidden: read-only token"));
            outbox->markAcknowledged(acked, 7);
            QCOMPARE(outbox->depth(), 2);
        }
        // Failures are kept across a restart, so Retry works after one too.
        auto outbox = openOutbox();
        QVERIFY(outbox);
        QCOMPARE(outbox->find(failed)->state, Outbox::State::Failed);
        outbox->markSending(sending);
        QSignalSpy changed(outbox.get(), &Outbox::entryChanged);
        QSignalSpy depth(outbox.get(), &Outbox::depthChanged);

        QVERIFY(outbox->requeue(failed));
        const auto entry = outbox->find(failed);
        QCOMPARE(entry->state, Outbox::State::Queued);
        QCOMPARE(entry->error, QString()); // the old reason no longer applies
        QCOMPARE(dump(entry->body), dump(chat("failed")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), failed);
        QCOMPARE(depth.count(), 1);
        QCOMPARE(outbox->depth(), 3);
        // It keeps its place (oldest first) and its id: the server's idempotency still holds.
        QCOMPARE(ids(outbox->unacknowledged()), (QStringList{failed, queued, sending}));

        // Only a failed entry goes back: anything else is left alone, without a signal.
        changed.clear();
        QVERIFY(!outbox->requeue(failed)); // already queued
        QVERIFY(!outbox->requeue(queued));
        QVERIFY(!outbox->requeue(sending));
        QVERIFY(!outbox->requeue(acked));
        QVERIFY(!outbox->requeue(QStringLiteral("no-such-id")));
        QCOMPARE(outbox->find(sending)->state, Outbox::State::Sending);
        QCOMPARE(outbox->find(acked)->state, Outbox::State::Acknowledged);
        QCOMPARE(outbox->find(acked)->seq, 7);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(depth.count(), 1);

        // Requeued means durable: it is still waiting after another restart.
        outbox.reset();
        outbox = openOutbox();
        QCOMPARE(outbox->find(failed)->state, Outbox::State::Queued);
        QCOMPARE(outbox->depth(), 3);
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

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
