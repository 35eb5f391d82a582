// TokenVault and the token in Settings, with an in-memory keychain: which store is chosen
// (and said once), the settings-file fallback, the keychain keeping the token off disk, the
// move of an old file token into the keychain, and falling back when the keychain refuses.
#include "fakekeyring.h"

#include "models/settings.h"
#include "models/tokenvault.h"
#include "protocol/token.h"

#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace roomcast;
using models::Settings;
using models::TokenVault;
using test::FakeKeyring;
using Backend = TokenVault::Backend;

namespace {

const QString kServer = QStringLiteral("ws://chat.example:8080/ws");
const QString kOther = QStringLiteral("ws://other.example/ws");

QString tokenFor(const std::string &user)
{
    protocol::Claims claims;
    claims.sub = user;
    claims.exp = 4'000'000'000;
    return QString::fromStdString(protocol::signToken(claims, "test-secret"));
}

//! The "token storage: ..." lines this process logged.
QStringList g_storageLines;
QtMessageHandler g_previous = nullptr;
void captureStorageLines(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (text.startsWith(QLatin1String("token storage:")))
        g_storageLines.append(text);
    g_previous(type, context, text);
}

} // namespace

class TstTokenVault : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeKeyring::State m_keyring;

    QString iniPath() const { return m_dir.filePath(QStringLiteral("roomcast.conf")); }
    std::unique_ptr<QSettings> settingsFile() const
    {
        return std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
    }
    QByteArray fileBytes() const
    {
        QFile file(iniPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    //! Neither the token nor its base64 is anywhere in the file.
    bool fileHides(const QString &token) const
    {
        const QByteArray bytes = fileBytes();
        return !bytes.contains(token.toUtf8()) && !bytes.contains(token.toUtf8().toBase64());
    }

private Q_SLOTS:
    void initTestCase() { g_previous = qInstallMessageHandler(captureStorageLines); }
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(iniPath());
        m_keyring = {};
        g_storageLines.clear();
    }

    void withoutKeyringTheFileIsUsed()
    {
        const QString token = tokenFor("alice");
        {
            auto file = settingsFile();
            TokenVault vault(file.get(), nullptr);
            QCOMPARE(vault.backend(), Backend::SettingsFile);
            QCOMPARE(vault.read(kServer), QString());
            vault.write(kServer, token);
            QCOMPARE(vault.read(kServer), token);
        }
        const QFile::Permissions mode = QFile::permissions(iniPath());
        QVERIFY(mode.testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY2(
            !(mode & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)),
            "the settings file is readable by others");
        QVERIFY2(!fileBytes().contains(token.toUtf8()), "the token is in the file as it is");
        QCOMPARE(g_storageLines.size(), 1);
        QVERIFY2(g_storageLines.at(0).contains(QLatin1String("built without libsecret")),
                 qPrintable(g_storageLines.at(0)));
        QVERIFY(!g_storageLines.at(0).contains(token));

        // The next run reads it back; an empty token removes it.
        auto file = settingsFile();
        TokenVault vault(file.get(), nullptr);
        QCOMPARE(vault.read(kServer), token);
        vault.write(kServer, {});
        QCOMPARE(vault.read(kServer), QString());
        QVERIFY(!fileBytes().contains("token"));
    }

    void unusableKeyringFallsBackToTheFile()
    {
        m_keyring.probeError = QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY");
        auto file = settingsFile();
        TokenVault vault(file.get(), std::make_unique<FakeKeyring>(&m_keyring));
        const QString token = tokenFor("alice");
        vault.write(kServer, token);
        QCOMPARE(vault.read(kServer), token);
        QCOMPARE(vault.backend(), Backend::SettingsFile);
        QVERIFY(m_keyring.items.empty());
        QVERIFY(!fileHides(token));
        // Asked once, said once, with the reason.
        QCOMPARE(m_keyring.probes, 1);
        QCOMPARE(g_storageLines.size(), 1);
        QVERIFY2(g_storageLines.at(0).contains(m_keyring.probeError),
                 qPrintable(g_storageLines.at(0)));
    }

    void keyringKeepsTheTokenOffDisk()
    {
        auto file = settingsFile();
        TokenVault vault(file.get(), std::make_unique<FakeKeyring>(&m_keyring));
        const QString alice = tokenFor("alice");
        vault.write(kServer, alice);
        QCOMPARE(vault.backend(), Backend::SecretService);
        QCOMPARE(m_keyring.items.size(), std::size_t(1));
        const auto &[key, item] = *m_keyring.items.begin();
        QCOMPARE(key, std::pair(kServer, QStringLiteral("alice")));
        QCOMPARE(item.secret, alice);
        QCOMPARE(item.label, QStringLiteral("Roomcast token for alice on %1").arg(kServer));
        QVERIFY(fileHides(alice));
        QCOMPARE(vault.read(kServer), alice);
        QCOMPARE(vault.read(kOther), QString()); // a token is for its server only

        // Another user's token for the same server replaces it; other servers keep theirs.
        vault.write(kOther, alice);
        const QString bob = tokenFor("bob");
        vault.write(kServer, bob);
        QCOMPARE(vault.read(kServer), bob);
        QCOMPARE(vault.read(kOther), alice);
        QCOMPARE(m_keyring.items.size(), std::size_t(2));
        QVERIFY(m_keyring.items.count({kServer, QStringLiteral("bob")}));

        // Not a JWT: stored all the same, under no user.
        vault.write(kServer, QStringLiteral("opaque"));
        QCOMPARE(vault.read(kServer), QStringLiteral("opaque"));
        QCOMPARE(m_keyring.items.at({kServer, QString()}).label,
                 QStringLiteral("Roomcast token for %1").arg(kServer));

        vault.write(kServer, {});
        QCOMPARE(vault.read(kServer), QString());
        QCOMPARE(m_keyring.items.size(), std::size_t(1));
        QCOMPARE(m_keyring.probes, 1);
        QCOMPARE(g_storageLines, QStringList{QStringLiteral(
                                     "token storage: the desktop keychain (Secret Service)")});
    }

    void fileTokenMovesIntoTheKeyring()
    {
        const QString token = tokenFor("alice");
        {
            auto file = settingsFile(); // a run without a keychain saved it
            TokenVault(file.get(), nullptr).write(kServer, token);
        }
        QVERIFY(!fileHides(token));
        auto file = settingsFile();
        TokenVault vault(file.get(), std::make_unique<FakeKeyring>(&m_keyring));
        QCOMPARE(vault.read(kServer), token);
        QCOMPARE(m_keyring.items.at({kServer, QStringLiteral("alice")}).secret, token);
        QVERIFY(fileHides(token));
        QCOMPARE(vault.read(kServer), token);
    }

    void refusedByTheKeyringTheFileKeepsIt()
    {
        m_keyring.storeError = QStringLiteral("Cannot create an item in a locked collection");
        const QString token = tokenFor("alice");
        {
            auto file = settingsFile();
            TokenVault vault(file.get(), std::make_unique<FakeKeyring>(&m_keyring));
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("keychain refused the token")));
            vault.write(kServer, token);
            QCOMPARE(vault.backend(), Backend::SecretService);
            QVERIFY(m_keyring.items.empty());
            QVERIFY(!fileHides(token)); // not lost
        }
        auto file = settingsFile();
        TokenVault vault(file.get(), std::make_unique<FakeKeyring>(&m_keyring));
        QCOMPARE(vault.read(kServer), token); // the move failed too: still read from the file
        QVERIFY(!fileHides(token));
    }

    void settingsKeepTheTokenInTheVault()
    {
        const QString token = tokenFor("alice");
        {
            Settings settings(settingsFile(), std::make_unique<FakeKeyring>(&m_keyring));
            QSignalSpy changed(&settings, &Settings::tokenChanged);
            settings.setServerUrl(kServer);
            settings.setToken(token);
            QCOMPARE(settings.token(), token);
            QCOMPARE(changed.count(), 2); // the URL (a new server's token), then the token
            QCOMPARE(m_keyring.items.at({kServer, QStringLiteral("alice")}).secret, token);
            QVERIFY(fileHides(token));
            QVERIFY(fileBytes().contains(kServer.toUtf8()));

            // Another server has no token (yet); back on the first, it is there again.
            settings.setServerUrl(kOther);
            QCOMPARE(settings.token(), QString());
            settings.setServerUrl(kServer);
            QCOMPARE(settings.token(), token);
        }
        // The next run.
        Settings settings(settingsFile(), std::make_unique<FakeKeyring>(&m_keyring));
        QCOMPARE(settings.token(), token);

        // A --token on the command line is used, and never saved.
        const QString given = tokenFor("bob");
        settings.overrideServer({}, given);
        QCOMPARE(settings.token(), given);
        settings.setToken(tokenFor("carol"));
        QCOMPARE(m_keyring.items.size(), std::size_t(1));
        QCOMPARE(m_keyring.items.at({kServer, QStringLiteral("alice")}).secret, token);
    }
};

QTEST_GUILESS_MAIN(TstTokenVault)
#include "tst_tokenvault.moc"
