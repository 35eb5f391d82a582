// Command-line parsing (PROTOCOL.md section 8): every flag, every bad value, one clear line.
#include "server/program/commandline.h"

#include <QTest>

using namespace roomcast::server;

class TstCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        auto cl = parseCommandLine({QStringLiteral("roomcast-server")});
        QVERIFY(cl);
        const ServerConfig &c = cl.value().config;
        QCOMPARE(c.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(c.port, quint16(8765));
        QCOMPARE(c.heartbeatIntervalMs, 25000);
        QCOMPARE(c.heartbeatTimeoutMs, 10000);
        QCOMPARE(c.presenceGraceMs, 5000);
        QCOMPARE(c.maxFrameBytes, 65536);
        QCOMPARE(c.publishRate, 20.0);
        QCOMPARE(c.publishBurst, 40);
        QVERIFY(c.retention >= 1000);
        QVERIFY(!c.demo);
    }

    void everyFlag()
    {
        auto cl = parseCommandLine(QStringList{QStringLiteral("roomcast-server"),
                                               QStringLiteral("--host"),
                                               QStringLiteral("0.0.0.0"),
                                               QStringLiteral("--port"),
                                               QStringLiteral("0"),
                                               QStringLiteral("--data-dir"),
                                               QStringLiteral("/tmp/x"),
                                               QStringLiteral("--node-id"),
                                               QStringLiteral("n1"),
                                               QStringLiteral("--heartbeat-interval"),
                                               QStringLiteral("200"),
                                               QStringLiteral("--heartbeat-timeout"),
                                               QStringLiteral("300"),
                                               QStringLiteral("--presence-grace"),
                                               QStringLiteral("100"),
                                               QStringLiteral("--max-frame-bytes"),
                                               QStringLiteral("4096"),
                                               QStringLiteral("--publish-rate"),
                                               QStringLiteral("2.5"),
                                               QStringLiteral("--publish-burst"),
                                               QStringLiteral("3"),
                                               QStringLiteral("--demo"),
                                               QStringLiteral("--secret-file"),
                                               QStringLiteral("/tmp/s")});
        QVERIFY2(cl, cl ? "" : cl.error().message.c_str());
        const ServerConfig &c = cl.value().config;
        QCOMPARE(c.host, QStringLiteral("0.0.0.0"));
        QCOMPARE(c.port, quint16(0));
        QCOMPARE(c.dataDir, QStringLiteral("/tmp/x"));
        QCOMPARE(c.nodeId, QStringLiteral("n1"));
        QCOMPARE(c.heartbeatIntervalMs, 200);
        QCOMPARE(c.heartbeatTimeoutMs, 300);
        QCOMPARE(c.presenceGraceMs, 100);
        QCOMPARE(c.maxFrameBytes, 4096);
        QCOMPARE(c.publishRate, 2.5);
        QCOMPARE(c.publishBurst, 3);
        QVERIFY(c.demo);
        QCOMPARE(cl.value().secretFile, QStringLiteral("/tmp/s"));
    }

    void httpPort()
    {
        auto defaults = parseCommandLine({QStringLiteral("roomcast-server")});
        QVERIFY(defaults);
        QCOMPARE(defaults.value().config.httpPort, -1); // the routes share the WebSocket port
        auto own = parseCommandLine({QStringLiteral("roomcast-server"),
                                     QStringLiteral("--http-port"), QStringLiteral("0")});
        QVERIFY(own);
        QCOMPARE(own.value().config.httpPort, 0);
        auto fixed = parseCommandLine({QStringLiteral("roomcast-server"),
                                       QStringLiteral("--http-port"), QStringLiteral("9100")});
        QVERIFY(fixed);
        QCOMPARE(fixed.value().config.httpPort, 9100);
    }

    void badFlags_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown") << QStringList{QStringLiteral("--bogus")}
                                 << QStringLiteral("bogus");
        QTest::newRow("port text") << QStringList{QStringLiteral("--port"), QStringLiteral("http")}
                                   << QStringLiteral("--port");
        QTest::newRow("port range")
            << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
            << QStringLiteral("--port");
        QTest::newRow("port missing value")
            << QStringList{QStringLiteral("--port")} << QStringLiteral("port");
        QTest::newRow("interval zero")
            << QStringList{QStringLiteral("--heartbeat-interval"), QStringLiteral("0")}
            << QStringLiteral("--heartbeat-interval");
        QTest::newRow("frame tiny")
            << QStringList{QStringLiteral("--max-frame-bytes"), QStringLiteral("10")}
            << QStringLiteral("--max-frame-bytes");
        QTest::newRow("rate negative")
            << QStringList{QStringLiteral("--publish-rate"), QStringLiteral("-1")}
            << QStringLiteral("--publish-rate");
        QTest::newRow("burst text")
            << QStringList{QStringLiteral("--publish-burst"), QStringLiteral("lots")}
            << QStringLiteral("--publish-burst");
        QTest::newRow("http port range")
            << QStringList{QStringLiteral("--http-port"), QStringLiteral("65536")}
            << QStringLiteral("--http-port");
        QTest::newRow("http port text")
            << QStringList{QStringLiteral("--http-port"), QStringLiteral("-1")}
            << QStringLiteral("--http-port");
        QTest::newRow("positional")
            << QStringList{QStringLiteral("serve")} << QStringLiteral("serve");
        QTest::newRow("node id") << QStringList{QStringLiteral("--node-id"),
                                                QStringLiteral("bad id")}
                                 << QStringLiteral("--node-id");
    }
    void badFlags()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        args.prepend(QStringLiteral("roomcast-server"));
        auto cl = parseCommandLine(args);
        QVERIFY(!cl);
        const QString message = QString::fromStdString(cl.error().message);
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
    }

    void tokenSubcommand()
    {
        auto cl = parseCommandLine(QStringList{
            QStringLiteral("roomcast-server"), QStringLiteral("token"), QStringLiteral("--user"),
            QStringLiteral("alice"), QStringLiteral("--name"), QStringLiteral("Alice A"),
            QStringLiteral("--ttl"), QStringLiteral("60"), QStringLiteral("--rooms"),
            QStringLiteral("general,team-*"), QStringLiteral("--read-only")});
        QVERIFY2(cl, cl ? "" : cl.error().message.c_str());
        QCOMPARE(cl.value().mode, CommandLine::Mode::Token);
        const TokenRequest &t = cl.value().token;
        QCOMPARE(t.user, QStringLiteral("alice"));
        QCOMPARE(t.name, QStringLiteral("Alice A"));
        QCOMPARE(t.ttlSecs, qint64(60));
        QVERIFY(t.rooms);
        QCOMPARE(t.rooms->size(), std::size_t(2));
        QCOMPARE(t.rooms->at(1), std::string("team-*"));
        QVERIFY(t.readOnly);
    }

    void tokenErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no user") << QStringList{};
        QTest::newRow("bad user") << QStringList{QStringLiteral("--user"), QStringLiteral("a b")};
        QTest::newRow("bad ttl") << QStringList{QStringLiteral("--user"), QStringLiteral("a"),
                                                QStringLiteral("--ttl"), QStringLiteral("soon")};
        QTest::newRow("bad pattern")
            << QStringList{QStringLiteral("--user"), QStringLiteral("a"), QStringLiteral("--rooms"),
                           QStringLiteral("ok,b/d")};
    }
    void tokenErrors()
    {
        QFETCH(QStringList, args);
        args.prepend(QStringLiteral("token"));
        args.prepend(QStringLiteral("roomcast-server"));
        QVERIFY(!parseCommandLine(args));
    }
};

QTEST_GUILESS_MAIN(TstCommandLine)
#include "tst_commandline.moc"
