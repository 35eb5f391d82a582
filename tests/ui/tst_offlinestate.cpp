// The honest offline state (issue 10): while the connection is down, presence is shown as
// last known ("last seen"), nobody is typing, and the room says since when it may be stale;
// after the node is back and the room resubscribed, all of it is live again. Real node,
// stopped and restarted on the same port; the wall clock of "since" is injected.
#include "uifixture.h"

#include "models/presencemodel.h"
#include "models/typingmodel.h"

#include "client/roomsclient.h"

#include <QSignalSpy>

using namespace roomcast;
using namespace roomcast::test;
using models::PresenceModel;

class TstOfflineState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_fx = std::make_unique<UiFixture>(); }
    void cleanup() { m_fx.reset(); }

    void presenceTypingAndHeaderFollowTheConnection()
    {
        QVERIFY(m_fx->start());
        PresenceModel presence;
        const QDateTime lostAt(QDate(2026, 12, 6), QTime(13, 31));
        presence.setClock([&] { return lostAt; });
        presence.setSession(m_fx->session.get());
        presence.setRoom(QStringLiteral("general"));
        models::TypingModel typing;
        typing.setSession(m_fx->session.get());
        typing.setRoom(QStringLiteral("general"));

        TestClient *amy = m_fx->peer("amy", "Amy");
        QVERIFY(amy);
        QTRY_COMPARE(presence.count(), 2);
        QVERIFY(presence.live());
        QCOMPARE(presence.staleText(), QString());
        QCOMPARE(presence.data(presence.index(1), PresenceModel::LiveRole).toBool(), true);
        QCOMPARE(presence.data(presence.index(1), PresenceModel::LastSeenRole).toString(),
                 QString());
        amy->send({{"type", "typing"}, {"room", "general"}});
        QTRY_COMPARE(typing.count(), 1);

        // The node goes away: last known presence, greyed; typing cleared; since when.
        QSignalSpy liveChanged(&presence, &PresenceModel::liveChanged);
        const quint16 port = m_fx->server.server->port();
        m_fx->peers.clear();
        m_fx->server.stop();
        QTRY_VERIFY(!m_fx->session->connected());
        QVERIFY(!presence.live());
        QVERIFY(liveChanged.count() >= 1);
        QCOMPARE(presence.count(), 2); // who was here, not an empty panel
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(presence.data(presence.index(row), PresenceModel::LiveRole).toBool(), false);
            QCOMPARE(presence.data(presence.index(row), PresenceModel::LastSeenRole).toString(),
                     QStringLiteral("last seen 13:31"));
        }
        QCOMPARE(presence.staleText(), QStringLiteral("Offline since 13:31 · shown as last known"));
        QCOMPARE(typing.count(), 0);
        QCOMPARE(typing.text(), QString());

        // Back: after the resubscribe the panel is the node's presence again, and live.
        m_fx->server.config.port = port;
        QVERIFY2(m_fx->server.start(), m_fx->server.lastError.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(presence.live(), 10000);
        QCOMPARE(presence.staleText(), QString());
        QCOMPARE(presence.count(), 1); // amy did not come back
        QCOMPARE(presence.data(presence.index(0), PresenceModel::SelfRole).toBool(), true);
        QCOMPARE(presence.data(presence.index(0), PresenceModel::LiveRole).toBool(), true);
        QCOMPARE(presence.data(presence.index(0), PresenceModel::LastSeenRole).toString(),
                 QString());
    }

    void connectedButNotYetResubscribedIsNotLive()
    {
        // The moment between welcome and `subscribed`: connected, the room not in sync yet.
        QVERIFY(m_fx->start());
        PresenceModel presence;
        presence.setSession(m_fx->session.get());
        presence.setRoom(QStringLiteral("general"));
        QTRY_VERIFY(presence.live());
        const auto *status = m_fx->session->client()->status("general");
        QVERIFY(status && status->synced);

        const quint16 port = m_fx->server.server->port();
        m_fx->server.stop();
        QTRY_VERIFY(!m_fx->session->connected());
        QVERIFY(!status->synced); // lost with the connection, not only at the next welcome
        bool sawCatchingUp = false;
        connect(&presence, &PresenceModel::liveChanged, this, [&] {
            if (m_fx->session->connected() && !presence.live())
                sawCatchingUp = presence.staleText().startsWith(QStringLiteral("Catching up"));
        });
        m_fx->server.config.port = port;
        QVERIFY(m_fx->server.start());
        QTRY_VERIFY_WITH_TIMEOUT(presence.live(), 10000);
        QVERIFY(sawCatchingUp);
    }

private:
    std::unique_ptr<UiFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstOfflineState)
#include "tst_offlinestate.moc"
