// MessageListModel against a real node: grouping by sender, the readable roles of each kind,
// and the delivery state of one's own messages, typed online and offline.
#include "uifixture.h"

#include "models/messagelistmodel.h"

#include <QSignalSpy>

using namespace roomcast;
using namespace roomcast::test;
using models::MessageListModel;

namespace {
QVariant role(const MessageListModel &model, int row, MessageListModel::Role r)
{
    return model.data(model.index(row), r);
}
} // namespace

class TstMessageListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_fx = std::make_unique<UiFixture>(); }
    void cleanup() { m_fx.reset(); }

    void groupsBySender()
    {
        QVERIFY(m_fx->start());
        TestClient *alice = m_fx->peer("alice", "Alice");
        TestClient *bob = m_fx->peer("bob", "Bob");
        QVERIFY(alice && bob);

        MessageListModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));
        QSignalSpy count(&model, &MessageListModel::countChanged);

        QVERIFY(UiFixture::say(alice, "general", "a1"));
        QVERIFY(UiFixture::say(alice, "general", "a2"));
        QVERIFY(UiFixture::say(bob, "general", "b1"));
        QVERIFY(UiFixture::say(alice, "general", "a3"));
        QTRY_COMPARE(model.count(), 4);
        QVERIFY(!count.isEmpty());

        const QList<bool> expected{true, false, true, true};
        for (int i = 0; i < 4; ++i)
            QCOMPARE(role(model, i, MessageListModel::FirstOfGroupRole).toBool(), expected[i]);
        QCOMPARE(role(model, 0, MessageListModel::SenderNameRole).toString(),
                 QStringLiteral("Alice"));
        QCOMPARE(role(model, 2, MessageListModel::SenderIdRole).toString(), QStringLiteral("bob"));
        QCOMPARE(role(model, 3, MessageListModel::TextRole).toString(), QStringLiteral("a3"));
        QCOMPARE(role(model, 0, MessageListModel::OwnRole).toBool(), false);
        QCOMPARE(role(model, 0, MessageListModel::DeliveryStateRole).toString(), QString());
        for (int i = 1; i < 4; ++i)
            QVERIFY(role(model, i, MessageListModel::SeqRole).toLongLong() >
                    role(model, i - 1, MessageListModel::SeqRole).toLongLong());

        // A model made later (switching back to the room) starts with the same rows.
        MessageListModel later;
        later.setSession(m_fx->session.get());
        later.setRoom(QStringLiteral("general"));
        QCOMPARE(later.count(), 4);
        QCOMPARE(role(later, 1, MessageListModel::FirstOfGroupRole).toBool(), false);
    }

    void kindsAreReadable()
    {
        QVERIFY(m_fx->start());
        TestClient *bot = m_fx->peer("bot", "Bot");
        QVERIFY(bot);
        MessageListModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));

        QVERIFY(
            UiFixture::publish(bot, "general", "notification",
                               {{"title", "Disk full"}, {"text", "db-2"}, {"level", "warning"}}));
        QVERIFY(UiFixture::publish(bot, "general", "notification", {{"title", "Plain"}}));
        QVERIFY(UiFixture::publish(bot, "general", "metric",
                                   {{"name", "cpu"}, {"value", 42.5}, {"unit", "%"}}));
        QVERIFY(UiFixture::publish(bot, "general", "deploy.v2", {{"service", "api"}}));
        QTRY_COMPARE(model.count(), 4);

        QCOMPARE(role(model, 0, MessageListModel::KindRole).toString(),
                 QStringLiteral("notification"));
        QCOMPARE(role(model, 0, MessageListModel::TitleRole).toString(),
                 QStringLiteral("Disk full"));
        QCOMPARE(role(model, 0, MessageListModel::LevelRole).toString(), QStringLiteral("warning"));
        QCOMPARE(role(model, 1, MessageListModel::LevelRole).toString(), QStringLiteral("info"));
        QCOMPARE(role(model, 2, MessageListModel::KindRole).toString(), QStringLiteral("metric"));
        QCOMPARE(role(model, 2, MessageListModel::MetricNameRole).toString(),
                 QStringLiteral("cpu"));
        QCOMPARE(role(model, 2, MessageListModel::MetricValueRole).toDouble(), 42.5);
        QCOMPARE(role(model, 2, MessageListModel::MetricTextRole).toString(),
                 QStringLiteral("42.5 %"));
        QCOMPARE(role(model, 3, MessageListModel::KindRole).toString(), QStringLiteral("unknown"));
        QCOMPARE(role(model, 3, MessageListModel::RawKindRole).toString(),
                 QStringLiteral("deploy.v2"));
        QCOMPARE(role(model, 3, MessageListModel::PrettyJsonRole).toString(),
                 QStringLiteral("{\n  \"service\": \"api\"\n}"));
        QCOMPARE(role(model, 0, MessageListModel::PrettyJsonRole).toString(), QString());
    }

    void ownMessageIsAcknowledged()
    {
        QVERIFY(m_fx->start());
        MessageListModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));

        const QString id =
            m_fx->session->send(QStringLiteral("general"), QStringLiteral("  hello  "));
        QVERIFY(!id.isEmpty());
        QCOMPARE(model.count(), 1); // shown at once, before the server has it
        QCOMPARE(role(model, 0, MessageListModel::OwnRole).toBool(), true);
        QCOMPARE(role(model, 0, MessageListModel::TextRole).toString(), QStringLiteral("hello"));
        QVERIFY(QStringList({QStringLiteral("queued"), QStringLiteral("sending")})
                    .contains(role(model, 0, MessageListModel::DeliveryStateRole).toString()));

        QTRY_VERIFY(role(model, 0, MessageListModel::SeqRole).toLongLong() > 0);
        QCOMPARE(model.count(), 1); // replaced by the stored copy, not added twice
        QCOMPARE(role(model, 0, MessageListModel::DeliveryStateRole).toString(),
                 QStringLiteral("acknowledged"));
        QCOMPARE(role(model, 0, MessageListModel::ClientMsgIdRole).toString(), id);
        QCOMPARE(role(model, 0, MessageListModel::SenderNameRole).toString(),
                 QStringLiteral("You"));
        QCOMPARE(m_fx->session->send(QStringLiteral("general"), QStringLiteral("   ")), QString());
    }

    void typedOfflineIsQueuedThenDelivered()
    {
        models::Session *session = m_fx->makeSession();
        MessageListModel model;
        model.setSession(session);
        model.setRoom(QStringLiteral("general"));
        session->join(QStringLiteral("general"));

        session->send(QStringLiteral("general"), QStringLiteral("written offline"));
        QCOMPARE(model.count(), 1);
        QCOMPARE(role(model, 0, MessageListModel::DeliveryStateRole).toString(),
                 QStringLiteral("queued"));
        QCOMPARE(role(model, 0, MessageListModel::SeqRole).toLongLong(), 0);
        QCOMPARE(session->outboxDepth(), 1);

        QVERIFY(m_fx->start());
        QTRY_VERIFY(role(model, 0, MessageListModel::SeqRole).toLongLong() > 0);
        QCOMPARE(model.count(), 1);
        QCOMPARE(role(model, 0, MessageListModel::DeliveryStateRole).toString(),
                 QStringLiteral("acknowledged"));
        QCOMPARE(role(model, 0, MessageListModel::TextRole).toString(),
                 QStringLiteral("written offline"));
        QTRY_COMPARE(session->outboxDepth(), 0);
    }

    void failedMessageIsRetried()
    {
        // Signed in with a read-only token: what you type is refused for good.
        models::Session *session = m_fx->makeSession();
        session->join(QStringLiteral("general"));
        QVERIFY(m_fx->server.start());
        session->start(m_fx->server.url(), QString::fromStdString(m_fx->server.token(
                                               "you", 3600, std::nullopt, false, "You")));
        QTRY_VERIFY(session->connected() && session->roomsLoaded());
        MessageListModel model;
        model.setSession(session);
        model.setRoom(QStringLiteral("general"));
        // What a person sees of their message (the room's only own one), each time the view is
        // told something changed.
        QStringList states;
        const auto look = [&] {
            for (int row = 0; row < model.count(); ++row) {
                if (!role(model, row, MessageListModel::OwnRole).toBool())
                    continue;
                const QString state =
                    role(model, row, MessageListModel::DeliveryStateRole).toString();
                if (states.isEmpty() || states.constLast() != state)
                    states.append(state);
            }
        };
        connect(&model, &MessageListModel::dataChanged, this, look);
        connect(&model, &MessageListModel::rowsInserted, this, look);
        connect(&model, &MessageListModel::rowsRemoved, this, look);

        const QString id = session->send(QStringLiteral("general"), QStringLiteral("retry me"));
        QTRY_COMPARE(role(model, 0, MessageListModel::DeliveryStateRole).toString(),
                     QStringLiteral("failed"));
        QVERIFY(!role(model, 0, MessageListModel::DeliveryErrorRole).toString().isEmpty());
        QVERIFY(!model.retry(QStringLiteral("no-such-id")));

        // A token that may publish, in band; then Retry.
        const qint64 readOnlyExp = session->connection()->tokenExp();
        session->setToken(
            QString::fromStdString(m_fx->server.token("you", 7200, std::nullopt, true, "You")));
        QTRY_VERIFY(session->connection()->tokenExp() > readOnlyExp);
        QVERIFY(model.retry(id));
        QCOMPARE(role(model, 0, MessageListModel::DeliveryErrorRole).toString(), QString());
        QTRY_VERIFY(role(model, 0, MessageListModel::SeqRole).toLongLong() > 0);
        QTRY_COMPARE(states.constLast(), QStringLiteral("acknowledged"));
        QCOMPARE(states, (QStringList{QStringLiteral("queued"), QStringLiteral("sending"),
                                      QStringLiteral("failed"), QStringLiteral("queued"),
                                      QStringLiteral("sending"), QStringLiteral("acknowledged")}));
        QCOMPARE(model.count(), 1); // the stored copy replaced it: shown once
        QCOMPARE(role(model, 0, MessageListModel::DeliveryStateRole).toString(),
                 QStringLiteral("acknowledged"));
        QCOMPARE(role(model, 0, MessageListModel::ClientMsgIdRole).toString(), id);
        QCOMPARE(role(model, 0, MessageListModel::TextRole).toString(), QStringLiteral("retry me"));
        QVERIFY(!model.retry(id)); // delivered: no Retry any more

        // Stored once: a later reader sees one message.
        TestClient *reader = m_fx->peer("reader", "Reader", {});
        QVERIFY(reader);
        auto history = reader->request({{"type", "history"}, {"room", "general"}});
        QVERIFY(history);
        QCOMPARE((*history)["messages"].size(), std::size_t(1));
    }

private:
    std::unique_ptr<UiFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstMessageListModel)
#include "tst_messagelistmodel.moc"
