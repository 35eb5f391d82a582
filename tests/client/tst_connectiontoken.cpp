// Connection and its token against a real in-process node: a refused token stops it until a
// new one is given, an expired one (4001) stops it, a refresh keeps the session past the old
// exp (PROTOCOL.md sections 2 and 6). The rest of the connection's life: tst_connection.
#include "connectiontest.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <string>

using namespace roomcast;
using namespace roomcast::test::connectiontest;
using State = Connection::State;
using test::ServerFixture;

class TstConnectionToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = connectionNode();
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void badTokenStopsUntilANewOne()
    {
        Connection conn(options(m_fx->url(), "not-a-token"));
        QSignalSpy states(&conn, &Connection::stateChanged);
        conn.open();
        QTRY_COMPARE(conn.state(), State::Unauthorized);
        QVERIFY2(conn.lastError().contains(QStringLiteral("token")), qPrintable(conn.lastError()));
        const int attempt = conn.attempt();
        QTRY_COMPARE(m_fx->server->connectionCount(), 0);

        // No retry: with a 50 ms backoff, a loop would have tried several times by now.
        states.clear();
        QVERIFY2(!states.wait(500), "it went on after the token was refused");
        QCOMPARE(conn.attempt(), attempt);
        QCOMPARE(m_fx->server->connectionCount(), 0);

        const std::string good = m_fx->token("alice");
        conn.setToken(QString::fromStdString(good));
        QTRY_COMPARE(conn.state(), State::Connected);
        QCOMPARE(conn.tokenExp(), expOf(good));
        QVERIFY(conn.lastError().isEmpty());
    }

    void expiredTokenStops()
    {
        Connection conn(options(m_fx->url(), m_fx->token("alice", 2)));
        QSignalSpy states(&conn, &Connection::stateChanged);
        conn.open();
        QTRY_COMPARE(conn.state(), State::Connected);
        QTRY_COMPARE_WITH_TIMEOUT(conn.state(), State::Unauthorized, 5000);
        QVERIFY2(conn.lastError().contains(QStringLiteral("expired")),
                 qPrintable(conn.lastError()));
        states.clear();
        QVERIFY2(!states.wait(500), "it went on after close 4001");
        QCOMPARE(conn.state(), State::Unauthorized);
    }

    void refreshKeepsItConnected()
    {
        const std::string shortLived = m_fx->token("alice", 2);
        Connection conn(options(m_fx->url(), shortLived));
        QSignalSpy frames(&conn, &Connection::frameReceived);
        conn.open();
        QTRY_COMPARE(conn.state(), State::Connected);
        QCOMPARE(conn.tokenExp(), expOf(shortLived));

        const std::string longer = m_fx->token("alice", 3600);
        conn.setToken(QString::fromStdString(longer));
        QTRY_COMPARE(conn.tokenExp(), expOf(longer));
        QCOMPARE(framesOf<protocol::Refreshed>(frames).size(), std::size_t(1));
        QCOMPARE(conn.state(), State::Connected);

        // Past the old exp it is still the same session.
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > expOf(shortLived) + 1, 5000);
        QVERIFY(conn.send({1, protocol::PingRequest{}}));
        QTRY_COMPARE(framesOf<protocol::Pong>(frames).size(), std::size_t(1));
        QCOMPARE(conn.state(), State::Connected);
        QCOMPARE(conn.welcome().exp, expOf(shortLived)); // the welcome is history
        QVERIFY(framesOf<protocol::ErrorReply>(frames).empty());
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstConnectionToken)
#include "tst_connectiontoken.moc"
