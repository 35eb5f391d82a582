// RoomListModel against a real node: unread counts only for live messages of other people
// in rooms not on screen, muted rooms left out of the total, previews and join order.
#include "uifixture.h"

#include "models/roomlistmodel.h"

#include <QSignalSpy>

using namespace roomcast;
using namespace roomcast::test;
using models::RoomListModel;

class TstRoomListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_fx = std::make_unique<UiFixture>(); }
    void cleanup() { m_fx.reset(); }

    void unreadCountsLiveMessagesOnly()
    {
        // History that exists before joining is not "unread".
        QVERIFY(m_fx->server.start());
        TestClient *bob = m_fx->peer("bob", "Bob", {"general", "alerts"});
        QVERIFY(bob);
        QVERIFY(UiFixture::say(bob, "general", "old 1"));
        QVERIFY(UiFixture::say(bob, "general", "old 2"));

        m_fx->makeSession();
        RoomListModel model;
        model.setSession(m_fx->session.get());
        model.setCurrentRoom(QStringLiteral("alerts"));
        QVERIFY(m_fx->start({QStringLiteral("general"), QStringLiteral("alerts")}));
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.roomAt(0), QStringLiteral("general")); // in the order joined
        QCOMPARE(model.roomAt(1), QStringLiteral("alerts"));
        QCOMPARE(model.indexOf(QStringLiteral("alerts")), 1);
        QCOMPARE(unread(model, 0), 0);
        QCOMPARE(model.data(model.index(0), RoomListModel::PreviewRole).toString(),
                 QStringLiteral("Bob: old 2"));
        QVERIFY(model.data(model.index(0), RoomListModel::SyncedRole).toBool());
        QVERIFY(!model.data(model.index(0), RoomListModel::EpochRole).toString().isEmpty());

        QSignalSpy total(&model, &RoomListModel::totalUnreadChanged);
        QVERIFY(UiFixture::say(bob, "general", "new 1"));
        QVERIFY(UiFixture::say(bob, "general", "new 2"));
        QVERIFY(UiFixture::say(bob, "alerts", "seen at once")); // alerts is on screen
        QTRY_COMPARE(unread(model, 0), 2);
        QTRY_COMPARE(model.data(model.index(1), RoomListModel::PreviewRole).toString(),
                     QStringLiteral("Bob: seen at once"));
        QCOMPARE(unread(model, 1), 0);
        QCOMPARE(model.totalUnread(), 2);
        QVERIFY(!total.isEmpty());
        QCOMPARE(model.data(model.index(0), RoomListModel::SeqRole).toLongLong(), 4);
        QVERIFY(
            !model.data(model.index(0), RoomListModel::LastActivityTextRole).toString().isEmpty());

        // One's own messages are never unread.
        m_fx->session->send(QStringLiteral("general"), QStringLiteral("mine"));
        QTRY_COMPARE(model.data(model.index(0), RoomListModel::PreviewRole).toString(),
                     QStringLiteral("You: mine"));
        QCOMPARE(unread(model, 0), 2);

        model.setCurrentRoom(QStringLiteral("general"));
        QCOMPARE(unread(model, 0), 0);
        QCOMPARE(model.totalUnread(), 0);
    }

    void mutedRoomsLeaveTheTotal()
    {
        QVERIFY(m_fx->start({QStringLiteral("general"), QStringLiteral("noisy")}));
        TestClient *bob = m_fx->peer("bob", "Bob", {"noisy"});
        QVERIFY(bob);
        RoomListModel model;
        model.setSession(m_fx->session.get());
        model.setCurrentRoom(QStringLiteral("general"));
        model.setMutedRooms({QStringLiteral("noisy")});
        QVERIFY(UiFixture::say(bob, "noisy", "spam"));
        QTRY_COMPARE(unread(model, 1), 1);
        QCOMPARE(model.totalUnread(), 0);
        QVERIFY(model.data(model.index(1), RoomListModel::MutedRole).toBool());
        model.setMutedRooms({});
        QCOMPARE(model.totalUnread(), 1);
    }

    void joinAndLeave()
    {
        QVERIFY(m_fx->start());
        RoomListModel model;
        model.setSession(m_fx->session.get());
        QCOMPARE(model.count(), 1);
        m_fx->session->join(QStringLiteral("ops"));
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.roomAt(1), QStringLiteral("ops"));
        QTRY_VERIFY(model.data(model.index(1), RoomListModel::SyncedRole).toBool());
        m_fx->session->leave(QStringLiteral("general"));
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.roomAt(0), QStringLiteral("ops"));
        QCOMPARE(model.data(model.index(0), RoomListModel::RecoveryTextRole).toString(), QString());
    }

private:
    static int unread(const RoomListModel &model, int row)
    {
        return model.data(model.index(row), RoomListModel::UnreadRole).toInt();
    }
    std::unique_ptr<UiFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstRoomListModel)
#include "tst_roomlistmodel.moc"
