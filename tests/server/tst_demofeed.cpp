// --demo: the feeds publish real messages through the node's normal path: the bot's chat and
// its greeting (once per user per local day, restarts included), metrics, and alerts (joins
// and the host's own events, from injected probes and from the real ones).
#include "serverfixture.h"
#include "servertestmain.h"
#include "testclient.h"

#include "server/node/node.h"
#include "server/program/demofeed.h"
#include "server/program/greeting.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace roomcast::test;
using roomcast::server::DemoFeed;
using roomcast::server::DemoFeedOptions;
using roomcast::server::HostProbe;
using roomcast::server::HostWatch;

namespace {

//! Probes whose answers the test sets; systemctl answers when the test says so.
struct FakeHost
{
    double disk = 40, load = 0.5;
    QStringList failed;
    std::function<void(QStringList)> pendingUnits;

    HostProbe probe()
    {
        HostProbe p;
        p.failedUnits = [this](std::function<void(QStringList)> done) { pendingUnits = done; };
        p.diskUsedPercent = [this](const QString &) { return std::optional<double>(disk); };
        p.load1 = [this] { return std::optional<double>(load); };
        p.cpus = [] { return 2; };
        return p;
    }
    void answerUnits()
    {
        if (auto done = std::exchange(pendingUnits, {}))
            done(failed);
    }
};

struct Alert
{
    QString title, text, level;
};

DemoFeedOptions quietOptions()
{
    DemoFeedOptions o;
    o.chatIntervalMs = o.metricIntervalMs = o.hostIntervalMs = 3'600'000; // nothing on its own
    return o;
}

} // namespace

class TstDemoFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void feedsChatMetricsAndAlerts()
    {
        ServerFixture fx;
        QVERIFY2(fx.start(), fx.lastError.c_str());
        DemoFeedOptions options;
        options.chatIntervalMs = options.metricIntervalMs = 50;
        DemoFeed feed(fx.server->node(), options);

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

    void greetsJoinersInGeneralAsFitsTheHour()
    {
        ServerFixture fx;
        QVERIFY2(fx.start(), fx.lastError.c_str());
        QTemporaryDir state;
        QDateTime now(QDate(2026, 12, 6), QTime(19, 30));
        auto options = quietOptions();
        options.stateDir = state.path();
        options.clock = [&] { return now; };
        FakeHost host;
        options.probe = host.probe();
        DemoFeed feed(fx.server->node(), options);

        TestClient watcher;
        QVERIFY(watcher.connectAndHello(fx.url(), fx.token("watcher", 3600, {}, true, "Watcher")));
        QVERIFY(watcher.request({{"type", "subscribe"}, {"room", "general"}}));
        std::vector<std::string> greetings;
        const auto collect = [&] {
            for (const auto &m : watcher.take("message"))
                if (m["from"]["id"] == "demo-bot")
                    greetings.push_back(m["body"]["text"]);
            return greetings.size();
        };
        QTRY_COMPARE(collect(), std::size_t(1));
        QCOMPARE(greetings[0], "Good evening, Watcher!");

        now = QDateTime(QDate(2026, 12, 7), QTime(8, 5));
        TestClient ada;
        QVERIFY(ada.connectAndHello(fx.url(), fx.token("ada", 3600, {}, true, "Ada")));
        QVERIFY(ada.request({{"type", "subscribe"}, {"room", "general"}}));
        QTRY_COMPARE(collect(), std::size_t(2));
        QCOMPARE(greetings[1], "Good morning, Ada!");
        // The log is in the data directory, where a restarted node finds it.
        QVERIFY(QFile::exists(state.filePath(QStringLiteral("demo-greetings.json"))));
    }

    void greetingLogOncePerDayAcrossRestarts()
    {
        using roomcast::server::GreetingLog;
        QTemporaryDir state;
        const QString path = state.filePath(QStringLiteral("demo-greetings.json"));
        const QDate today(2026, 12, 6);
        {
            GreetingLog log(path);
            QVERIFY(log.greetToday(QStringLiteral("ada"), today));
            QVERIFY(!log.greetToday(QStringLiteral("ada"), today));
            QVERIFY(log.greetToday(QStringLiteral("bob"), today));
        }
        GreetingLog restarted(path); // the node restarted the same day
        QVERIFY(!restarted.greetToday(QStringLiteral("ada"), today));
        QVERIFY(!restarted.greetToday(QStringLiteral("bob"), today));
        QVERIFY(restarted.greetToday(QStringLiteral("ada"), today.addDays(1)));
        QVERIFY(restarted.greetToday(QStringLiteral("carol"), today));

        GreetingLog inMemory{QString()};
        QVERIFY(inMemory.greetToday(QStringLiteral("ada"), today));
        QVERIFY(!inMemory.greetToday(QStringLiteral("ada"), today));
    }

    void greetingFitsTheHour()
    {
        using roomcast::server::greetingFor;
        QCOMPARE(greetingFor(QTime(5, 0), QStringLiteral("Ada")),
                 QStringLiteral("Good morning, Ada!"));
        QCOMPARE(greetingFor(QTime(11, 59), QStringLiteral("Ada")),
                 QStringLiteral("Good morning, Ada!"));
        QCOMPARE(greetingFor(QTime(12, 0), QStringLiteral("Ada")),
                 QStringLiteral("Good afternoon, Ada!"));
        QCOMPARE(greetingFor(QTime(18, 0), QStringLiteral("Ada")),
                 QStringLiteral("Good evening, Ada!"));
        QCOMPARE(greetingFor(QTime(23, 10), QStringLiteral("Ada")),
                 QStringLiteral("Hello Ada, up late?"));
        QCOMPARE(greetingFor(QTime(3, 0), QString()), QStringLiteral("Hello there, up late?"));
    }

    void hostEventsAreSaidOnceWhenTheyStartAndEnd()
    {
        FakeHost host;
        HostWatch watch(host.probe(), {QStringLiteral("/")}, 3'600'000);
        std::vector<Alert> alerts;
        connect(&watch, &HostWatch::alert, this,
                [&](const QString &t, const QString &x, const QString &l) {
                    alerts.push_back({t, x, l});
                });
        QTRY_VERIFY(bool(host.pendingUnits)); // the first check runs at once
        host.answerUnits();
        QVERIFY(alerts.empty()); // a healthy host says nothing

        host.disk = 93.4;
        host.load = 4.5;
        host.failed = {QStringLiteral("nginx.service")};
        watch.check();
        host.answerUnits();
        QCOMPARE(alerts.size(), std::size_t(3));
        QCOMPARE(alerts[0].title, QStringLiteral("Disk / is 93 % full"));
        QCOMPARE(alerts[0].level, QStringLiteral("warning"));
        QCOMPARE(alerts[1].title, QStringLiteral("Load spike on this host"));
        QCOMPARE(alerts[1].text, QStringLiteral("1-minute load 4.50 on 2 CPUs"));
        QCOMPARE(alerts[2].title, QStringLiteral("nginx.service failed"));
        QCOMPARE(alerts[2].level, QStringLiteral("error"));

        watch.check(); // still so: nothing new
        host.answerUnits();
        host.disk = 88; // between the marks: still full
        watch.check();
        host.answerUnits();
        QCOMPARE(alerts.size(), std::size_t(3));

        host.disk = 80;
        host.load = 1.0;
        host.failed.clear();
        watch.check();
        host.answerUnits();
        QCOMPARE(alerts.size(), std::size_t(6));
        QCOMPARE(alerts[3].title, QStringLiteral("Disk / is back to 80 %"));
        QCOMPARE(alerts[3].level, QStringLiteral("success"));
        QCOMPARE(alerts[4].title, QStringLiteral("Load is back to normal"));
        QCOMPARE(alerts[5].title, QStringLiteral("nginx.service recovered"));
    }

    void hostEventsReachTheAlertsRoom()
    {
        ServerFixture fx;
        QVERIFY2(fx.start(), fx.lastError.c_str());
        FakeHost host;
        host.failed = {QStringLiteral("backup.service")};
        auto options = quietOptions();
        options.probe = host.probe();
        TestClient c;
        QVERIFY(c.connectAndHello(fx.url(), fx.token("viewer")));
        QVERIFY(c.request({{"type", "subscribe"}, {"room", "alerts"}}));
        DemoFeed feed(fx.server->node(), options);
        QTRY_VERIFY(bool(host.pendingUnits));
        host.answerUnits();
        bool saw = false;
        QTRY_VERIFY([&] {
            for (const auto &m : c.take("message"))
                saw |= m["kind"] == "notification" &&
                       m["body"]["title"] == "backup.service failed" &&
                       m["body"]["level"] == "error" && m["from"]["id"] == "node-monitor";
            return saw;
        }());
    }

    void realProbesReadThisHost()
    {
        const HostProbe probe = HostProbe::system();
        const auto disk = probe.diskUsedPercent(QStringLiteral("/"));
        QVERIFY(disk && *disk > 0 && *disk <= 100);
        QVERIFY(!probe.diskUsedPercent(QStringLiteral("/no/such/path")));
        const auto load = probe.load1();
        QVERIFY(load && *load >= 0);
        QVERIFY(probe.cpus() >= 1);
        bool answered = false;
        QStringList units{QStringLiteral("sentinel")};
        probe.failedUnits([&](const QStringList &u) {
            answered = true;
            units = u;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
        for (const QString &unit : units)
            QVERIFY2(unit.contains(QLatin1Char('.')), qPrintable(unit)); // unit names
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstDemoFeed)
#include "tst_demofeed.moc"
