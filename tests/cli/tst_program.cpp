// roomcast-server as a program (PROTOCOL.md section 8): the listening line, exit status 2 for
// every bad start (flags, ports in use, an unusable data directory). Runs the real binary. The
// token subcommand, the secret, SIGTERM and SIGKILL: tst_programrun.
#include "httpexchange.h"
#include "serverprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace roomcast::test;

namespace {
int oneLine(const QByteArray &err)
{
    return err.trimmed().count('\n') + (err.trimmed().isEmpty() ? 0 : 1);
}
} // namespace

class TstProgram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listeningLine()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start({QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--node-id"),
                              QStringLiteral("n-7")}));
        QVERIFY(server.url().port() > 0);
        QCOMPARE(server.url().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(server.nodeId(), QStringLiteral("n-7"));
        // The created secret is private to its owner.
        const QFileInfo secret(dir.filePath(QStringLiteral("secret")));
        QVERIFY(secret.exists());
        QCOMPARE(secret.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                         QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
    }

    void badStartsExit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown flag")
            << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("bad port") << QStringList{QStringLiteral("--port"), QStringLiteral("99999")}
                                  << QStringLiteral("--port");
        QTest::newRow("bad host") << QStringList{QStringLiteral("--host"),
                                                 QStringLiteral("not-an-ip")}
                                  << QStringLiteral("host");
        QTest::newRow("missing secret file")
            << QStringList{QStringLiteral("--secret-file"), QStringLiteral("/nonexistent/secret")}
            << QStringLiteral("/nonexistent/secret");
        QTest::newRow("redis unreachable")
            << QStringList{QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:1")}
            << QStringLiteral("redis");
    }
    void badStartsExit2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        args << QStringLiteral("--data-dir") << dir.path();
        if (!args.contains(QStringLiteral("--port")))
            args << QStringLiteral("--port") << QStringLiteral("0");
        ServerProcess server;
        QCOMPARE(server.run(args), 2);
        const QByteArray err = server.stdErr();
        QCOMPARE(oneLine(err), 1);
        QVERIFY2(QString::fromUtf8(err).contains(mentions), err.constData());
        QVERIFY(!server.stdOut().contains("listening"));
    }

    void portInUseExits2()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        ServerProcess server;
        QCOMPARE(server.run({QStringLiteral("--port"), QString::number(occupier.serverPort()),
                             QStringLiteral("--data-dir"), dir.path()}),
                 2);
        const QByteArray err = server.stdErr();
        QCOMPARE(oneLine(err), 1);
        QVERIFY2(err.contains(QByteArray::number(occupier.serverPort())), err.constData());
        // Nothing half-started: no secret and no store were created for a node that never ran.
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("secret"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("roomcast.db"))));
    }

    void httpPortOfItsOwn()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start({QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--http-port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--node-id"),
                              QStringLiteral("h-1")}));
        static const QRegularExpression line(
            QStringLiteral("^roomcast-server listening on ws://127\\.0\\.0\\.1:\\d+/ws node=h-1 "
                           "http=http://127\\.0\\.0\\.1:\\d+$"));
        QVERIFY2(line.match(server.listeningLine()).hasMatch(), qPrintable(server.listeningLine()));
        const QUrl http = server.httpUrl();
        QVERIFY(http.port() > 0 && http.port() != server.url().port());
        const HttpReply r = HttpExchange::send(http, HttpExchange::request("GET", "/healthz"));
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromStdString(r.json().dump()),
                 QStringLiteral("{\"node\":\"h-1\",\"status\":\"ok\"}"));
    }

    void httpPortInUseExits2()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        ServerProcess server;
        QCOMPARE(server.run({QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--http-port"), QString::number(occupier.serverPort()),
                             QStringLiteral("--data-dir"), dir.path()}),
                 2);
        const QByteArray err = server.stdErr();
        QCOMPARE(oneLine(err), 1);
        QVERIFY2(err.contains("--http-port"), err.constData());
        QVERIFY2(err.contains(QByteArray::number(occupier.serverPort())), err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("secret"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("roomcast.db"))));
    }

    void unusableDataDirExits2()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString dataDir = dir.filePath(QStringLiteral("file/sub")); // under a regular file
        ServerProcess server;
        QProcessEnvironment env = server.process().processEnvironment();
        env.insert(QStringLiteral("ROOMCAST_SECRET"), QStringLiteral("s3cret")); // reach the store
        server.process().setProcessEnvironment(env);
        QCOMPARE(server.run({QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--data-dir"), dataDir}),
                 2);
        const QByteArray err = server.stdErr();
        QCOMPARE(oneLine(err), 1);
        QVERIFY2(err.contains(dataDir.toUtf8()), err.constData());
    }
};

QTEST_GUILESS_MAIN(TstProgram)
#include "tst_program.moc"
