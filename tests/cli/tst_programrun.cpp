// roomcast-server as a program (PROTOCOL.md sections 8 and 9): the token subcommand and its
// secret, SIGTERM drain, and no acknowledged message lost on SIGKILL. Runs the real binary.
#include "serverprocess.h"
#include "testclient.h"

#include "protocol/token.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <map>

using namespace roomcast::test;

class TstProgramRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenFromDataDirSecretIsAccepted()
    {
        QTemporaryDir dir;
        ServerProcess mint;
        QCOMPARE(mint.run({QStringLiteral("token"), QStringLiteral("--data-dir"), dir.path(),
                           QStringLiteral("--user"), QStringLiteral("alice"),
                           QStringLiteral("--name"), QStringLiteral("Alice")}),
                 0);
        const QByteArray out = mint.stdOut().trimmed();
        QCOMPARE(out.count('\n'), 0); // one line: the token
        QCOMPARE(out.count('.'), 2);

        ServerProcess server;
        QVERIFY(server.start({QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), dir.path()}));
        TestClient client;
        auto welcome = client.connectAndHello(server.url(), out.toStdString());
        QVERIFY(welcome);
        QCOMPARE((*welcome)["user"]["name"].get<std::string>(), std::string("Alice"));
    }

    void secretFileTrailingNewlineIgnored()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("shared-secret\n");
        f.close();
        ServerProcess mint;
        QCOMPARE(mint.run({QStringLiteral("token"), QStringLiteral("--secret-file"), path,
                           QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("--ttl"),
                           QStringLiteral("120"), QStringLiteral("--rooms"), QStringLiteral("a,b*"),
                           QStringLiteral("--read-only")}),
                 0);
        const std::string token = mint.stdOut().trimmed().toStdString();
        auto claims = roomcast::protocol::verifyToken(token, "shared-secret",
                                                      QDateTime::currentSecsSinceEpoch());
        QVERIFY2(claims, claims ? "" : claims.error().message.c_str());
        QCOMPARE(claims.value().sub, std::string("bob"));
        QVERIFY(!claims.value().pub);
        QVERIFY(claims.value().rooms);
        QCOMPARE(claims.value().rooms->size(), std::size_t(2));
        QVERIFY(claims.value().exp <= QDateTime::currentSecsSinceEpoch() + 120);

        // The environment variable is the second choice, the data dir's secret the third.
        ServerProcess fromEnv;
        QProcessEnvironment env = fromEnv.process().processEnvironment();
        env.insert(QStringLiteral("ROOMCAST_SECRET"), QStringLiteral("shared-secret"));
        fromEnv.process().setProcessEnvironment(env);
        QCOMPARE(fromEnv.run(
                     {QStringLiteral("token"), QStringLiteral("--user"), QStringLiteral("carol")}),
                 0);
        QVERIFY(roomcast::protocol::verifyToken(fromEnv.stdOut().trimmed().toStdString(),
                                                "shared-secret",
                                                QDateTime::currentSecsSinceEpoch()));
    }

    void sigtermSendsGoawayAndExitsZero()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start({QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), dir.path(),
                              QStringLiteral("--drain-window"), QStringLiteral("3000")}));
        ServerProcess mint;
        QCOMPARE(mint.run({QStringLiteral("token"), QStringLiteral("--data-dir"), dir.path(),
                           QStringLiteral("--user"), QStringLiteral("u")}),
                 0);
        const std::string token = mint.stdOut().trimmed().toStdString();
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < 5; ++i) {
            clients.push_back(std::make_unique<TestClient>());
            QVERIFY(clients.back()->connectAndHello(server.url(), token));
        }
        ::kill(static_cast<pid_t>(server.process().processId()), SIGTERM);
        for (auto &c : clients) {
            auto goaway = c->waitFor("goaway");
            QVERIFY(goaway);
            QCOMPARE((*goaway)["reason"].get<std::string>(), std::string("shutdown"));
            QVERIFY((*goaway)["reconnect_in_ms"].is_number_integer());
            const auto n = (*goaway)["reconnect_in_ms"].get<std::int64_t>();
            QVERIFY(n >= 0 && n <= 3000);
            QCOMPARE(c->waitClosed(), 1001);
        }
        QVERIFY(server.process().waitForFinished(10000));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
    }

    void sigkillLosesNoAcknowledgedMessage()
    {
        QTemporaryDir dir;
        const QStringList args{QStringLiteral("--port"),          QStringLiteral("0"),
                               QStringLiteral("--data-dir"),      dir.path(),
                               QStringLiteral("--publish-rate"),  QStringLiteral("100000"),
                               QStringLiteral("--publish-burst"), QStringLiteral("100000")};
        ServerProcess mint;
        QCOMPARE(mint.run({QStringLiteral("token"), QStringLiteral("--data-dir"), dir.path(),
                           QStringLiteral("--user"), QStringLiteral("w")}),
                 0);
        const std::string token = mint.stdOut().trimmed().toStdString();

        std::map<std::int64_t, std::string> acked; // seq -> text
        {
            ServerProcess server;
            QVERIFY(server.start(args));
            TestClient c;
            QVERIFY(c.connectAndHello(server.url(), token));
            const int total = 3000;
            for (int i = 0; i < total; ++i)
                c.send({{"type", "publish"},
                        {"id", i},
                        {"room", "durable"},
                        {"kind", "chat"},
                        {"body", {{"text", "m" + std::to_string(i)}}}});
            // Kill as soon as a good share is acknowledged, with more still in flight.
            QTRY_VERIFY_WITH_TIMEOUT(c.has("ack") && c.frames().size() > 300, 20000);
            ::kill(static_cast<pid_t>(server.process().processId()), SIGKILL);
            QVERIFY(server.process().waitForFinished(5000));
            for (const auto &ack : c.take("ack"))
                acked[ack["seq"].get<std::int64_t>()] = "m" + std::to_string(ack["id"].get<int>());
        }
        QVERIFY(acked.size() > 100);

        ServerProcess restarted;
        QVERIFY(restarted.start(args));
        TestClient reader;
        QVERIFY(reader.connectAndHello(restarted.url(), token));
        std::map<std::int64_t, std::string> stored;
        std::optional<std::int64_t> before;
        for (;;) {
            nlohmann::json req = {{"type", "history"}, {"room", "durable"}, {"limit", 500}};
            if (before)
                req["before"] = *before;
            auto page = reader.request(req);
            QVERIFY(page);
            QCOMPARE((*page)["type"].get<std::string>(), std::string("history"));
            for (const auto &m : (*page)["messages"])
                stored[m["seq"].get<std::int64_t>()] = m["body"]["text"].get<std::string>();
            if (!(*page)["more"].get<bool>() || (*page)["messages"].empty())
                break;
            before = (*page)["messages"][0]["seq"].get<std::int64_t>();
        }
        for (const auto &[seq, text] : acked) {
            QVERIFY2(stored.count(seq), qPrintable(QStringLiteral("acked seq %1 lost").arg(seq)));
            QCOMPARE(stored[seq], text);
        }
        // Gap-free from 1.
        std::int64_t expected = 1;
        for (const auto &[seq, text] : stored)
            QCOMPARE(seq, expected++);
    }
};

QTEST_GUILESS_MAIN(TstProgramRun)
#include "tst_programrun.moc"
