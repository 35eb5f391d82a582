// Session against a real node: an honest banner through connect, refusal and outage; and
// the presence and metrics models it feeds.
#include "uifixture.h"

#include "models/metricsmodel.h"
#include "models/presencemodel.h"

#include <QRegularExpression>
#include <QSignalSpy>

using namespace roomcast;
using namespace roomcast::test;

class TstSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_fx = std::make_unique<UiFixture>(); }
    void cleanup() { m_fx.reset(); }

    void bannerFollowsTheConnection()
    {
        models::Session *session = m_fx->makeSession();
        QCOMPARE(session->bannerText(), QStringLiteral("Offline"));
        QVERIFY(!session->connected());

        QVERIFY(m_fx->start());
        QCOMPARE(session->bannerLevel(), QStringLiteral("ok"));
        QVERIFY2(session->bannerText().startsWith(QStringLiteral("Connected")),
                 qPrintable(session->bannerText()));
        QVERIFY(session->bannerText().endsWith(QStringLiteral(" · test-node")));
        QCOMPARE(session->node(), QStringLiteral("test-node"));
        QCOMPARE(session->userId(), QStringLiteral("you"));
        QCOMPARE(session->userName(), QStringLiteral("You"));
        QVERIFY(session->tokenExpiryText().startsWith(QStringLiteral("in ")));
        QCOMPARE(session->rooms(), QStringList{QStringLiteral("general")});
        QVERIFY(!session->canRetry());

        // The node goes away: the banner counts down to the next attempt and offers Retry.
        m_fx->server.stop();
        QTRY_COMPARE(session->bannerLevel(), QStringLiteral("warning"));
        static const QRegularExpression countdown(
            QStringLiteral("^Reconnecting in \\d+ s \\(attempt \\d+\\)"));
        QVERIFY2(countdown.match(session->bannerText()).hasMatch(),
                 qPrintable(session->bannerText()));
        QVERIFY(session->canRetry());
    }

    void refusedTokenSignsOut()
    {
        QVERIFY(m_fx->server.start());
        models::Session *session = m_fx->makeSession();
        session->start(m_fx->server.url(), QStringLiteral("not-a-token"));
        QTRY_VERIFY(session->signedOut());
        QCOMPARE(session->bannerText(),
                 QStringLiteral("Signed out — the server refused the token"));
        QCOMPARE(session->bannerLevel(), QStringLiteral("error"));

        // A new token gets it going again, instead of a loop of refusals.
        QSignalSpy replaced(session, &models::Session::tokenReplaced);
        session->setToken(m_fx->token("you", "You"));
        QCOMPARE(replaced.count(), 1);
        QTRY_VERIFY(session->connected());
    }

    void presenceOfARoom()
    {
        QVERIFY(m_fx->start());
        models::PresenceModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));
        QTRY_COMPARE(model.count(), 1);
        QCOMPARE(model.data(model.index(0), models::PresenceModel::SelfRole).toBool(), true);

        TestClient *zed = m_fx->peer("zed", "Zed");
        TestClient *amy = m_fx->peer("amy", "Amy Pond");
        QVERIFY(zed && amy);
        QTRY_COMPARE(model.count(), 3);
        // The current user first, then by name.
        QCOMPARE(model.data(model.index(0), models::PresenceModel::UserIdRole).toString(),
                 QStringLiteral("you"));
        QCOMPARE(model.data(model.index(1), models::PresenceModel::NameRole).toString(),
                 QStringLiteral("Amy Pond"));
        QCOMPARE(model.data(model.index(1), models::PresenceModel::InitialsRole).toString(),
                 QStringLiteral("AP"));
        QCOMPARE(model.data(model.index(2), models::PresenceModel::SelfRole).toBool(), false);

        zed->socket().close();
        QTRY_COMPARE(model.count(), 2);
    }

    void metricsFoldIntoTiles()
    {
        m_fx->server.config.publishBurst = 100; // 47 publishes in a burst
        QVERIFY(m_fx->start({QStringLiteral("metrics"), QStringLiteral("general")}));
        TestClient *monitor = m_fx->peer("monitor", "Monitor", {"metrics"});
        QVERIFY(monitor);
        models::MetricsModel all; // every joined room
        all.setSession(m_fx->session.get());
        models::MetricsModel general;
        general.setSession(m_fx->session.get());
        general.setRoom(QStringLiteral("general"));

        for (int i = 0; i < 45; ++i) {
            QVERIFY(UiFixture::publish(monitor, "metrics", "metric",
                                       {{"name", "cpu"}, {"value", i}, {"unit", "%"}}));
        }
        QVERIFY(
            UiFixture::publish(monitor, "metrics", "metric", {{"name", "rss"}, {"value", 1.5}}));
        QTRY_COMPARE(all.count(), 2);
        using M = models::MetricsModel;
        QTRY_COMPARE(all.data(all.index(0), M::ValueRole).toDouble(), 44.0);
        QCOMPARE(all.data(all.index(0), M::NameRole).toString(), QStringLiteral("cpu"));
        QCOMPARE(all.data(all.index(0), M::ValueTextRole).toString(), QStringLiteral("44 %"));
        const QVariantList history = all.data(all.index(0), M::HistoryRole).toList();
        QCOMPARE(history.size(), int(M::kHistory));
        QCOMPARE(history.constFirst().toDouble(), 5.0);
        QCOMPARE(all.data(all.index(0), M::MinValueRole).toDouble(), 5.0);
        QCOMPARE(all.data(all.index(0), M::MaxValueRole).toDouble(), 44.0);
        QCOMPARE(all.data(all.index(1), M::ValueTextRole).toString(), QStringLiteral("1.5"));
        QCOMPARE(general.count(), 0);
        protocol::Message malformed;
        malformed.kind = "metric";
        malformed.body = {{"name", "bad"}}; // no value: not a tile
        all.add(malformed);
        QCOMPARE(all.count(), 2);

        // A model made later reads what the room already showed.
        M later;
        later.setSession(m_fx->session.get());
        later.setRoom(QStringLiteral("metrics"));
        QCOMPARE(later.count(), 2);
    }

private:
    std::unique_ptr<UiFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstSession)
#include "tst_session.moc"
