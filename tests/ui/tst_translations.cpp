// The German translation ships complete and stays so: every string lupdate finds in the
// QML and the models today is translated in i18n/roomcast_de.ts (a new string without a
// translation fails here), nothing is left unfinished, and the compiled catalogue the app
// embeds turns the dashboard's strings into German, plural forms included.
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

class TstTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shippedCatalogueHasNothingUnfinished()
    {
        QFile ts(QStringLiteral(ROOMCAST_TS));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        QVERIFY(text.contains(QStringLiteral("language=\"de_DE\"")));
        QCOMPARE(text.count(QStringLiteral("type=\"unfinished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("type=\"vanished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("type=\"obsolete\"")), 0);
        QCOMPARE(text.count(QStringLiteral("<translation></translation>")), 0);
        QVERIFY(text.count(QStringLiteral("<message")) > 90);
    }

    void everyStringOfTheSourcesIsInTheCatalogue()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("roomcast_de.ts"));
        QVERIFY(QFile::copy(QStringLiteral(ROOMCAST_TS), copy));
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(ROOMCAST_LUPDATE),
                      {QStringLiteral(ROOMCAST_SOURCE_DIR "/qml"),
                       QStringLiteral(ROOMCAST_SOURCE_DIR "/src/models"),
                       QStringLiteral("-extensions"), QStringLiteral("qml,cpp,h"),
                       QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                       QStringLiteral("none"), QStringLiteral("-ts"), copy});
        QVERIFY(lupdate.waitForFinished(60000));
        const QString out = QString::fromUtf8(lupdate.readAll());
        QCOMPARE(lupdate.exitCode(), 0);
        static const QRegularExpression found(
            QStringLiteral("Found (\\d+) source text\\(s\\) \\((\\d+) new and (\\d+) already"));
        const QRegularExpressionMatch m = found.match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        QVERIFY2(m.captured(2) == QStringLiteral("0"),
                 qPrintable(QStringLiteral("strings without a German translation: ") + out +
                            QStringLiteral(" (cmake --build build --target update_translations, "
                                           "then translate them in i18n/roomcast_de.ts)")));
        QFile updated(copy);
        QVERIFY(updated.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(updated.readAll()).count(QStringLiteral("type=\"unfinished\"")),
                 0);
    }

    void compiledCatalogueTranslates()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(ROOMCAST_QM)));
        QVERIFY(QCoreApplication::installTranslator(&german));
        QCOMPARE(QCoreApplication::translate("Composer", "Send"), QStringLiteral("Senden"));
        QCOMPARE(QCoreApplication::translate("Banner", "Connected"), QStringLiteral("Verbunden"));
        QCOMPARE(QCoreApplication::translate("Format", "%1 is typing…").arg(QStringLiteral("Bob")),
                 QStringLiteral("Bob schreibt …"));
        QCOMPARE(QCoreApplication::translate("RoomList", "Room %1, %n unread", nullptr, 3)
                     .arg(QStringLiteral("alerts")),
                 QStringLiteral("Raum alerts, 3 ungelesen"));
        QCOMPARE(
            QCoreApplication::translate("DiagnosticsView", "%n waiting for an ack", nullptr, 1),
            QStringLiteral("1 wartet auf Bestätigung"));
        QCOMPARE(
            QCoreApplication::translate("DiagnosticsView", "%n waiting for an ack", nullptr, 2),
            QStringLiteral("2 warten auf Bestätigung"));
        QCoreApplication::removeTranslator(&german);
        QCOMPARE(QCoreApplication::translate("Composer", "Send"), QStringLiteral("Send"));
    }
};

QTEST_GUILESS_MAIN(TstTranslations)
#include "tst_translations.moc"
