// The `roomcast` app's --help, --help-all and --version as a program, run where there is no
// display at all (no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM): help2man, scripts and ssh
// sessions run them so. They print and exit 0; they must not abort for the missing display.
#include <QProcess>
#include <QTest>

class TstAppCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void helpWithoutADisplay_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::newRow("--help") << QStringLiteral("--help");
        QTest::newRow("-h") << QStringLiteral("-h");
    }
    void helpWithoutADisplay()
    {
        QFETCH(QString, flag);
        const Result r = run({flag});
        QVERIFY2(r.exitedWith(0), r.err.constData());
        for (const char *option : {"--url", "--token", "--room", "--search", "--screenshot",
                                   "--screenshot-delay", "--screenshot-timeout", "--version"})
            QVERIFY2(r.out.contains(option), option);
        QVERIFY2(!r.err.contains("display"), r.err.constData());
    }

    void helpAllListsQtsOptionsWithoutADisplay()
    {
        const Result r = run({QStringLiteral("--help-all")});
        QVERIFY2(r.exitedWith(0), r.err.constData());
        QVERIFY(r.out.contains("--screenshot"));
        QVERIFY(r.out.contains("--platform")); // QGuiApplication's own
    }

    void versionWithoutADisplay_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::newRow("--version") << QStringLiteral("--version");
        QTest::newRow("-v") << QStringLiteral("-v");
    }
    void versionWithoutADisplay()
    {
        QFETCH(QString, flag);
        const Result r = run({flag});
        QVERIFY2(r.exitedWith(0), r.err.constData());
        QCOMPARE(r.out.trimmed(), QByteArray("roomcast " ROOMCAST_VERSION));
    }

    void anOptionsValueIsNotAQuestion()
    {
        // `--token --help` signs in with the token "--help": no help, and with no display the
        // app cannot start. It must not exit 0 as if it had answered.
        const Result r = run({QStringLiteral("--token"), QStringLiteral("--help")});
        QVERIFY(!r.out.contains("--screenshot"));
        QVERIFY(!r.exitedWith(0));
    }

private:
    struct Result
    {
        QProcess::ExitStatus status;
        int code;
        QByteArray out, err;
        bool exitedWith(int expected) const
        {
            return status == QProcess::NormalExit && code == expected;
        }
    };

    static Result run(const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        QProcess app;
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(ROOMCAST_APP_BIN), args);
        if (!app.waitForFinished(20000)) {
            app.kill();
            app.waitForFinished();
            return {QProcess::CrashExit, -1, {}, "timed out"};
        }
        return {app.exitStatus(), app.exitCode(), app.readAllStandardOutput(),
                app.readAllStandardError()};
    }
};

QTEST_GUILESS_MAIN(TstAppCommandLine)
#include "tst_appcommandline.moc"
