// Outbox states in one open outbox: queued, sending, acknowledged, failed, the depth and its
// signals, requeueing what was being sent and what failed. What the file keeps across a
// reopen, and bad paths: tst_outboxstorage.
#include "outboxtest.h"

#include <QSignalSpy>
#include <QTest>

using namespace roomcast;
using namespace roomcast::test::outboxtest;

class TestOutbox : public OutboxTest
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        removeDatabase();
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
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
