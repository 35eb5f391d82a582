// Connection against a real in-process node: handshake, goaway and restart on the same port,
// backoff, retry now, the network coming back; and client-side heartbeat death against a fake
// node that goes silent (PROTOCOL.md sections 2, 5 and 6). A bad token, 4001, token expiry and
// refresh: tst_connectiontoken.
#include "connectiontest.h"
#include "silentnode.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>
#include <vector>

using namespace roomcast;
using namespace roomcast::test::connectiontest;
using State = Connection::State;
using test::ServerFixture;
using test::SilentNode;

namespace {

QUrl urlOf(quint16 port)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port));
}

} // namespace

class TstConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = connectionNode();
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void connects()
    {
        const std::string token = m_fx->token("alice");
        Connection conn(options(m_fx->url(), token));
        std::vector<State> states;
        connect(&conn, &Connection::stateChanged, this, [&] { states.push_back(conn.state()); });
        QSignalSpy welcomed(&conn, &Connection::welcomed);
        QSignalSpy frames(&conn, &Connection::frameReceived);
        QCOMPARE(conn.state(), State::Offline);

        conn.open();
        QCOMPARE(conn.state(), State::Connecting);
        QTRY_COMPARE(conn.state(), State::Connected);
        QCOMPARE(states,
                 (std::vector<State>{State::Connecting, State::Authenticating, State::Connected}));
        QCOMPARE(welcomed.count(), 1);
        QCOMPARE(conn.node(), QStringLiteral("test-node"));
        QCOMPARE(conn.tokenExp(), expOf(token));
        QCOMPARE(conn.welcome().heartbeatIntervalMs, kIntervalMs);
        QCOMPARE(conn.welcome().user.id, std::string("alice"));
        QCOMPARE(conn.attempt(), 0);
        QVERIFY(conn.lastError().isEmpty());
        QTRY_VERIFY(conn.rttMs() >= 0); // the first ping goes out with the welcome

        // Requests go out, replies come back through frameReceived.
        QVERIFY(conn.send({7, protocol::PingRequest{}}));
        QTRY_COMPARE(framesOf<protocol::Pong>(frames).size(), std::size_t(1));
        QVERIFY(framesOf<protocol::Pong>(frames).front().id == protocol::Json(7));

        // Heartbeats keep it up well past interval + timeout.
        QVERIFY(!welcomed.wait(3 * (kIntervalMs + kTimeoutMs)));
        QCOMPARE(conn.state(), State::Connected);

        // close(): a clean 1000, then nothing.
        conn.close();
        QCOMPARE(conn.state(), State::Offline);
        QVERIFY(!conn.send({8, protocol::PingRequest{}}));
        QTRY_COMPARE(m_fx->server->connectionCount(), 0);
        QVERIFY(!welcomed.wait(300));
        QCOMPARE(conn.state(), State::Offline);
    }

    void goawayIsHonouredAndItComesBack()
    {
        Connection conn(options(m_fx->url(), m_fx->token("alice")));
        QSignalSpy welcomed(&conn, &Connection::welcomed);
        QSignalSpy frames(&conn, &Connection::frameReceived);
        struct Entry
        {
            State state;
            int reconnectInMs;
            int attempt;
        };
        std::vector<Entry> log;
        connect(&conn, &Connection::stateChanged, this, [&] {
            log.push_back({conn.state(), conn.reconnectInMs(), conn.attempt()});
        });
        conn.open();
        QTRY_COMPARE(conn.state(), State::Connected);
        const quint16 port = m_fx->server->port();
        log.clear();

        m_fx->stop();
        QTRY_COMPARE(framesOf<protocol::Goaway>(frames).size(), std::size_t(1));
        const std::int64_t goawayMs = framesOf<protocol::Goaway>(frames).front().reconnectInMs;
        QVERIFY(goawayMs >= 0 && goawayMs <= kDrainWindowMs);
        QTRY_VERIFY(!log.empty());
        // The first wait is the server's, not the backoff's.
        QCOMPARE(log.front().state, State::Reconnecting);
        QCOMPARE(log.front().attempt, 0);
        QVERIFY2(log.front().reconnectInMs <= goawayMs &&
                     log.front().reconnectInMs >= goawayMs - 20,
                 qPrintable(QStringLiteral("waits %1 ms, goaway said %2")
                                .arg(log.front().reconnectInMs)
                                .arg(goawayMs)));

        // While the node is down the attempts fail, and the backoff grows (capped at 200 ms).
        QTRY_VERIFY_WITH_TIMEOUT(conn.attempt() >= 4, 5000);
        int expectedAttempt = 0;
        for (const Entry &e : log) {
            if (e.state != State::Reconnecting)
                continue;
            QCOMPARE(e.attempt, expectedAttempt);
            if (expectedAttempt++ > 0) // the backoff's waits, after the goaway's
                QVERIFY2(e.reconnectInMs <= 200, qPrintable(QString::number(e.reconnectInMs)));
        }
        QVERIFY(!conn.lastError().isEmpty());

        // The node comes back on the same port: the next attempt succeeds.
        m_fx->config.port = port;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(welcomed.count(), 2, 3000);
        QCOMPARE(conn.state(), State::Connected);
        QCOMPARE(conn.attempt(), 0);
        QVERIFY(conn.lastError().isEmpty());
        QCOMPARE(m_fx->server->connectionCount(), 1);
    }

    void retryNowSkipsTheWait()
    {
        const quint16 port = m_fx->server->port();
        m_fx->stop();
        Connection::Options o = options(urlOf(port), m_fx->token("alice"), {10000, 30000});
        o.random01 = [] { return 0.9; };
        Connection conn(o);
        QSignalSpy ticks(&conn, &Connection::reconnectInMsChanged);
        conn.open();
        QTRY_COMPARE(conn.state(), State::Reconnecting);
        QCOMPARE(conn.attempt(), 1);
        const int first = conn.reconnectInMs();
        QVERIFY2(first > 8500 && first <= 9000, qPrintable(QString::number(first)));
        // The countdown ticks.
        ticks.clear();
        QTRY_VERIFY(ticks.count() >= 2);
        QVERIFY(conn.reconnectInMs() < first);

        m_fx->config.port = port;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        conn.retryNow();
        QCOMPARE(conn.state(), State::Connecting);
        QCOMPARE(conn.reconnectInMs(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(conn.state(), State::Connected, 1000);
    }

    void networkBackSkipsTheBackoff()
    {
        const quint16 port = m_fx->server->port();
        m_fx->stop();
        // A five-minute wait measured on a clock that only the test moves.
        std::int64_t nowMs = 1'000'000;
        Connection::Options o = options(urlOf(port), m_fx->token("alice"), {600000, 600000});
        o.now = [&nowMs] { return nowMs; };
        o.random01 = [] { return 0.5; };
        Connection conn(o);
        conn.open();
        QTRY_COMPARE(conn.state(), State::Reconnecting);
        QCOMPARE(conn.attempt(), 1);
        QCOMPARE(conn.reconnectInMs(), 300000); // floor(0.5 * 600001)
        nowMs += 1000;
        QCOMPARE(conn.reconnectInMs(), 299000);

        // Reachable, but not the internet: still waiting, to the millisecond.
        for (const auto r :
             {QNetworkInformation::Reachability::Unknown,
              QNetworkInformation::Reachability::Disconnected,
              QNetworkInformation::Reachability::Local, QNetworkInformation::Reachability::Site}) {
            conn.onReachabilityChanged(r);
            QCOMPARE(conn.state(), State::Reconnecting);
            QCOMPARE(conn.reconnectInMs(), 299000);
        }

        // Online with 299 s of backoff left: the attempt starts inside this call, so it is
        // not the wait timer (that needs the event loop, and 299 more seconds).
        m_fx->config.port = port;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        QSignalSpy welcomed(&conn, &Connection::welcomed);
        conn.onReachabilityChanged(QNetworkInformation::Reachability::Online);
        QCOMPARE(conn.state(), State::Connecting);
        QCOMPARE(conn.reconnectInMs(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(welcomed.count(), 1, 2000);
        QCOMPARE(conn.state(), State::Connected);
        QCOMPARE(conn.attempt(), 0);

        // Only a waiting connection reacts: a live one or a closed one stays as it is.
        conn.onReachabilityChanged(QNetworkInformation::Reachability::Online);
        QCOMPARE(conn.state(), State::Connected);
        QCOMPARE(m_fx->server->connectionCount(), 1);
        conn.close();
        conn.onReachabilityChanged(QNetworkInformation::Reachability::Online);
        QCOMPARE(conn.state(), State::Offline);
        QCOMPARE(welcomed.count(), 1);
    }

    void silentServerIsDropped()
    {
        SilentNode silent;
        Connection conn(options(silent.url(), "any"));
        QElapsedTimer clock;
        clock.start();
        std::vector<qint64> welcomedAt;
        std::optional<qint64> droppedAt;
        connect(&conn, &Connection::welcomed, this, [&] { welcomedAt.push_back(clock.elapsed()); });
        connect(&conn, &Connection::stateChanged, this, [&] {
            if (conn.state() == State::Reconnecting && !droppedAt)
                droppedAt = clock.elapsed();
        });
        conn.open();
        QTRY_COMPARE(welcomedAt.size(), std::size_t(1));
        QCOMPARE(conn.welcome().heartbeatIntervalMs, 100);
        QCOMPARE(conn.welcome().heartbeatTimeoutMs, 100);

        // Nothing heard for interval + timeout: dropped, and reconnected (50 ms backoff).
        QTRY_COMPARE_WITH_TIMEOUT(welcomedAt.size(), std::size_t(2), 2000);
        QVERIFY(droppedAt);
        const qint64 silence = *droppedAt - welcomedAt[0];
        QVERIFY2(silence >= 195 && silence <= 350,
                 qPrintable(QStringLiteral("dropped after %1 ms").arg(silence)));
        QVERIFY2(welcomedAt[1] - welcomedAt[0] <= 600,
                 qPrintable(QStringLiteral("back after %1 ms").arg(welcomedAt[1] - welcomedAt[0])));
        QCOMPARE(silent.connections(), 2);
        QCOMPARE(conn.rttMs(), -1); // no pong ever came
        QVERIFY2(conn.lastError().isEmpty(), qPrintable(conn.lastError()));
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstConnection)
#include "tst_connection.moc"
