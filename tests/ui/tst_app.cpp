// The whole `roomcast` app as a person starts it, against a real `roomcast-server --demo`
// process: it must connect, load the rooms and save a screenshot that shows something.
#include "serverprocess.h"

#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace roomcast::test;

class TstApp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void screenshotOfTheLiveDemo()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("server"));
        ServerProcess server;
        QVERIFY2(server.start({QStringLiteral("--demo"), QStringLiteral("--port"),
                               QStringLiteral("0"), QStringLiteral("--data-dir"), data}),
                 server.stdErr().constData());
        ServerProcess minter;
        QCOMPARE(minter.run({QStringLiteral("token"), QStringLiteral("--data-dir"), data,
                             QStringLiteral("--user"), QStringLiteral("you"),
                             QStringLiteral("--name"), QStringLiteral("You")}),
                 0);
        const QString token = QString::fromUtf8(minter.stdOut()).trimmed();
        QVERIFY(!token.isEmpty());

        const QString artifact = QStringLiteral(ROOMCAST_ARTIFACT);
        QFile::remove(artifact);
        QProcess app;
        app.setProcessEnvironment(appEnvironment(dir));
        app.start(QStringLiteral(ROOMCAST_APP_BIN),
                  {QStringLiteral("--url"), server.url().toString(), QStringLiteral("--token"),
                   token, QStringLiteral("--room"), QStringLiteral("general"),
                   QStringLiteral("--room"), QStringLiteral("metrics"), QStringLiteral("--room"),
                   QStringLiteral("alerts"), QStringLiteral("--screenshot"), artifact,
                   QStringLiteral("--screenshot-delay"), QStringLiteral("4500")});
        QVERIFY(app.waitForStarted());
        QVERIFY2(app.waitForFinished(60000), "the app did not exit after its screenshot");
        const QByteArray err = app.readAllStandardError();
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0, err.constData());
        QVERIFY(app.readAllStandardOutput().contains("screenshot saved"));

        QVERIFY2(QFileInfo(artifact).size() > 20000, "the screenshot is suspiciously small");
        const QImage image(artifact);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 900 && image.height() >= 520);
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3) {
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 50, "the screenshot is nearly one colour");
    }

    void badUrlIsRefused()
    {
        QTemporaryDir dir;
        QProcess app;
        app.setProcessEnvironment(appEnvironment(dir));
        app.start(QStringLiteral(ROOMCAST_APP_BIN),
                  {QStringLiteral("--url"), QStringLiteral("http://x")});
        QVERIFY(app.waitForFinished(10000));
        QCOMPARE(app.exitCode(), 2);
        QVERIFY(app.readAllStandardError().contains("--url must be a ws:// or wss:// address"));
    }

private:
    static QProcessEnvironment appEnvironment(const QTemporaryDir &dir)
    {
        // Its own settings and outbox: never the developer's.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        return env;
    }
};

QTEST_GUILESS_MAIN(TstApp)
#include "tst_app.moc"
