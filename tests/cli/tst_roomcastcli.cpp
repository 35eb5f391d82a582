// roomcast-cli as a program against a real in-process node: publish, history, presence,
// subscribe, and one clear line with exit status 2 for bad usage or an unreachable node.
#include "serverfixture.h"
#include "testclient.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QTest>

using namespace roomcast::test;

namespace {
struct CliRun
{
    int status = -1;
    QByteArray out;
    QByteArray err;
};

//! Runs roomcast-cli while this process's event loop keeps the in-process node serving.
CliRun runCli(const QStringList &args, int timeoutMs = 10000)
{
    QProcess p;
    p.start(QStringLiteral(ROOMCAST_CLI_BIN), args);
    CliRun run;
    if (!p.waitForStarted())
        return run;
    // Poll with the event loop running (the node lives in this process), as QTRY_* does.
    QDeadlineTimer deadline(timeoutMs);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    if (p.state() != QProcess::NotRunning)
        return run;
    run.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}
} // namespace

class TstRoomcastCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        m_base = {QStringLiteral("--url"), m_fx->url().toString(), QStringLiteral("--token"),
                  QString::fromStdString(m_fx->token("cli"))};
    }
    void cleanup() { m_fx.reset(); }

    void publishThenHistoryAndPresence()
    {
        CliRun first =
            runCli(m_base + QStringList{QStringLiteral("publish"), QStringLiteral("ops"),
                                        QStringLiteral("deploy"), QStringLiteral("done")});
        QCOMPARE(first.status, 0);
        QCOMPARE(first.out.trimmed(), QByteArray("1"));
        CliRun second = runCli(
            m_base + QStringList{QStringLiteral("publish"), QStringLiteral("ops"),
                                 QStringLiteral("--kind"), QStringLiteral("notification"),
                                 QStringLiteral("--body"),
                                 QStringLiteral(R"({"title":"CI green","level":"success"})")});
        QCOMPARE(second.status, 0);
        QCOMPARE(second.out.trimmed(), QByteArray("2"));

        CliRun history =
            runCli(m_base + QStringList{QStringLiteral("history"), QStringLiteral("ops")});
        QCOMPARE(history.status, 0);
        const QList<QByteArray> lines = history.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const auto m1 = nlohmann::json::parse(lines[0].toStdString());
        const auto m2 = nlohmann::json::parse(lines[1].toStdString());
        QCOMPARE(m1["body"]["text"].get<std::string>(), std::string("deploy done"));
        QCOMPARE(m2["body"]["title"].get<std::string>(), std::string("CI green"));

        TestClient present;
        QVERIFY(present.connectAndHello(m_fx->url(), m_fx->token("bob")));
        QVERIFY(present.request({{"type", "subscribe"}, {"room", "ops"}}));
        CliRun presence =
            runCli(m_base + QStringList{QStringLiteral("presence"), QStringLiteral("ops")});
        QCOMPARE(presence.status, 0);
        QCOMPARE(presence.out.trimmed(), QByteArray("bob"));
    }

    void subscribePrintsLiveMessages()
    {
        QProcess sub;
        sub.start(QStringLiteral(ROOMCAST_CLI_BIN),
                  m_base + QStringList{QStringLiteral("subscribe"), QStringLiteral("feed")});
        QVERIFY(sub.waitForStarted());
        TestClient writer;
        QVERIFY(writer.connectAndHello(m_fx->url(), m_fx->token("writer")));
        // Wait until the CLI's subscription is visible as presence, then publish.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto p = writer.request({{"type", "presence"}, {"room", "feed"}});
                return p && !(*p)["users"].empty();
            }(),
            5000);
        QVERIFY(writer.request(
            {{"type", "publish"}, {"room", "feed"}, {"kind", "chat"}, {"body", {{"text", "hi"}}}}));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += sub.readAllStandardOutput()).contains("\"hi\""), 5000);
        sub.kill();
        sub.waitForFinished();
    }

    void badUsageAndUnreachableExit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate"), QStringLiteral("r")};
        QTest::newRow("bad body") << QStringList{QStringLiteral("publish"), QStringLiteral("r"),
                                                 QStringLiteral("--body"), QStringLiteral("[1]")};
        QTest::newRow("bad url") << QStringList{QStringLiteral("--url"), QStringLiteral("http://x"),
                                                QStringLiteral("history"), QStringLiteral("r")};
        QTest::newRow("unreachable")
            << QStringList{QStringLiteral("--url"),     QStringLiteral("ws://127.0.0.1:1/ws"),
                           QStringLiteral("--timeout"), QStringLiteral("1500"),
                           QStringLiteral("history"),   QStringLiteral("r")};
    }
    void badUsageAndUnreachableExit2()
    {
        QFETCH(QStringList, args);
        CliRun run = runCli(QStringList{QStringLiteral("--token"), QStringLiteral("t")} + args);
        QCOMPARE(run.status, 2);
        QVERIFY2(run.err.startsWith("roomcast-cli: "), run.err.constData());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
    }

    void refusedTokenExits1()
    {
        CliRun run = runCli({QStringLiteral("--url"), m_fx->url().toString(),
                             QStringLiteral("--token"), QStringLiteral("bad.token.here"),
                             QStringLiteral("history"), QStringLiteral("r")});
        QCOMPARE(run.status, 1);
        QVERIFY(!run.err.isEmpty());
    }

private:
    std::unique_ptr<ServerFixture> m_fx;
    QStringList m_base;
};

QTEST_GUILESS_MAIN(TstRoomcastCli)
#include "tst_roomcastcli.moc"
