// End to end: the hello/welcome handshake and its failures (PROTOCOL.md section 2).
#include "servertestmain.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QTest>

using namespace roomcast::test;

class TstHandshake : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.helloTimeoutMs = 300;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void welcomeCarriesSessionAndLimits()
    {
        TestClient c;
        auto welcome =
            c.connectAndHello(m_fx->url(), m_fx->token("alice", 3600, std::nullopt, true, "Alice"));
        QVERIFY(welcome);
        QCOMPARE((*welcome)["protocol"].get<int>(), 1);
        QCOMPARE((*welcome)["node"].get<std::string>(), std::string("test-node"));
        QCOMPARE((*welcome)["user"]["id"].get<std::string>(), std::string("alice"));
        QCOMPARE((*welcome)["user"]["name"].get<std::string>(), std::string("Alice"));
        QVERIFY(!(*welcome)["session"].get<std::string>().empty());
        QVERIFY((*welcome)["exp"].get<std::int64_t>() > 0);
        QCOMPARE((*welcome)["heartbeat"]["interval_ms"].get<int>(), 25000);
        QCOMPARE((*welcome)["heartbeat"]["timeout_ms"].get<int>(), 10000);
        QCOMPARE((*welcome)["limits"]["max_frame_bytes"].get<int>(), 65536);
        QCOMPARE((*welcome)["limits"]["max_rooms"].get<int>(), 100);
        QCOMPARE((*welcome)["limits"]["publish_per_s"].get<int>(), 20);
    }

    void welcomeEchoesTheHelloId()
    {
        TestClient c;
        QVERIFY(c.open(m_fx->url()));
        c.send(
            {{"type", "hello"}, {"id", "h-1"}, {"protocol", 1}, {"token", m_fx->token("alice")}});
        auto welcome = c.waitFor("welcome");
        QVERIFY(welcome);
        QCOMPARE((*welcome)["id"].get<std::string>(), std::string("h-1"));
    }

    void badTokenIsUnauthorized4001()
    {
        TestClient c;
        QVERIFY(c.open(m_fx->url()));
        c.send({{"type", "hello"}, {"protocol", 1}, {"token", "not.a.token"}});
        auto error = c.waitFor("error");
        QVERIFY(error);
        QCOMPARE((*error)["code"].get<std::string>(), std::string("unauthorized"));
        QCOMPARE(c.waitClosed(), 4001);
    }

    void otherProtocolIs4003()
    {
        TestClient c;
        QVERIFY(c.open(m_fx->url()));
        c.send({{"type", "hello"}, {"protocol", 2}, {"token", m_fx->token("alice")}});
        auto error = c.waitFor("error");
        QVERIFY(error);
        QCOMPARE((*error)["code"].get<std::string>(), std::string("unsupported_protocol"));
        QCOMPARE(c.waitClosed(), 4003);
    }

    void frameBeforeHelloIs4001()
    {
        TestClient c;
        QVERIFY(c.open(m_fx->url()));
        c.send({{"type", "subscribe"}, {"id", 1}, {"room", "general"}});
        auto error = c.waitFor("error");
        QVERIFY(error);
        QCOMPARE((*error)["code"].get<std::string>(), std::string("bad_request"));
        QCOMPARE(c.waitClosed(), 4001);
    }

    void noHelloInTimeIs4002()
    {
        TestClient c;
        QVERIFY(c.open(m_fx->url()));
        QCOMPARE(c.waitClosed(3000), 4002);
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstHandshake)
#include "tst_handshake.moc"
