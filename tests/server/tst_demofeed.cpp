// --demo: the feeds publish real messages through the node's normal path.
#include "servertestmain.h"
#include "serverfixture.h"
#include "testclient.h"

#include "server/node/node.h"
#include "server/program/demofeed.h"

#include <QTest>

using namespace roomcast::test;

class TstDemoFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void feedsChatMetricsAndAlerts()
    {
        ServerFixture fx;
        QVERIFY2(fx.start(), fx.lastError.c_str());
        roomcast::server::DemoFeed feed(fx.server->node(), 50, 50);

        TestClient c;
        QVERIFY(c.connectAndHello(fx.url(), fx.token("viewer")));
        for (const char *room : {"general", "metrics", "alerts"})
            QVERIFY(c.request({{"type", "subscribe"}, {"room", room}}));

        bool sawChat = false, sawCpu = false, sawMemory = false, sawConnections = false;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &m : c.take("message")) {
                    const std::string kind = m["kind"];
                    if (m["room"] == "general" && kind == "chat" && m["from"]["id"] == "demo-bot")
                        sawChat = !m["body"]["text"].get<std::string>().empty();
                    if (m["room"] == "metrics" && kind == "metric") {
                        const std::string name = m["body"]["name"];
                        const double value = m["body"]["value"];
                        sawCpu |= name == "cpu" && value >= 0 && value <= 100;
                        sawMemory |= name == "memory" && value > 0 && value <= 100;
                        sawConnections |= name == "connections" && value >= 1;
                    }
                }
                return sawChat && sawCpu && sawMemory && sawConnections;
            }(),
            5000);

        // A user joining a room raises a notification in `alerts`.
        TestClient other;
        QVERIFY(other.connectAndHello(fx.url(), fx.token("newcomer")));
        QVERIFY(other.request({{"type", "subscribe"}, {"room", "team-x"}}));
        // QTRY_* evaluates its expression again after success: keep what was seen in a flag.
        bool sawAlert = false;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &m : c.take("message"))
                    sawAlert |= m["room"] == "alerts" && m["kind"] == "notification" &&
                                m["body"]["title"] == "newcomer joined team-x";
                return sawAlert;
            }(),
            5000);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstDemoFeed)
#include "tst_demofeed.moc"
