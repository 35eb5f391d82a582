// The token in a real Secret Service through libsecret. The test runs its own session bus
// (dbus-daemon) and a headless GNOME Keyring unlocked with a test password, both its
// children in a temporary home, so the desktop's keychain is never touched. Registered only
// where libsecret, dbus-daemon and gnome-keyring-daemon exist; it fails, never skips, when
// the keyring cannot be started.
#include "models/keyring.h"
#include "models/settings.h"
#include "models/tokenvault.h"
#include "protocol/token.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace roomcast;
using models::Keyring;
using models::Settings;
using models::TokenVault;

namespace {

const QString kSecrets = QStringLiteral("org.freedesktop.secrets");
const QString kServer = QStringLiteral("ws://127.0.0.1:8080/ws");

QString tokenFor(const std::string &user)
{
    protocol::Claims claims;
    claims.sub = user;
    claims.exp = 4'000'000'000;
    return QString::fromStdString(protocol::signToken(claims, "test-secret"));
}

//! What the Secret Service itself holds for these attributes (its D-Bus API, not libsecret).
QList<QDBusObjectPath> itemsWith(const QMap<QString, QString> &attributes)
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        kSecrets, QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    call << QVariant::fromValue(attributes);
    const QDBusMessage reply = QDBusConnection::sessionBus().call(call);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2) {
        qWarning() << "SearchItems:" << reply.errorMessage();
        return {};
    }
    return qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(0)) +
           qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(1));
}

} // namespace

class TstSecretService : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcess m_bus;
    QProcess m_keyring;

    //! A session bus of our own, and GNOME Keyring on it with an unlocked login keyring.
    bool startKeyring(QString *error)
    {
        m_bus.start(QStringLiteral(ROOMCAST_DBUS_DAEMON),
                    {QStringLiteral("--session"), QStringLiteral("--nofork"),
                     QStringLiteral("--print-address=1")});
        if (!m_bus.waitForStarted()) {
            *error = QStringLiteral("dbus-daemon: %1").arg(m_bus.errorString());
            return false;
        }
        while (!m_bus.canReadLine() && m_bus.waitForReadyRead(10000)) {
        }
        const QByteArray address = m_bus.readLine().trimmed();
        if (address.isEmpty()) {
            *error = QStringLiteral("dbus-daemon printed no address: %1")
                         .arg(QString::fromLocal8Bit(m_bus.readAllStandardError()));
            return false;
        }
        // Before anything here opens the session bus (QtDBus and libsecret both read it).
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);

        QDir(m_home.path()).mkpath(QStringLiteral("run"));
        QFile::setPermissions(m_home.filePath(QStringLiteral("run")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.filePath(QStringLiteral("run")));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QString::fromLatin1(address));
        m_keyring.setProcessEnvironment(env);
        m_keyring.start(QStringLiteral(ROOMCAST_GNOME_KEYRING),
                        {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                         QStringLiteral("--components=secrets")});
        if (!m_keyring.waitForStarted()) {
            *error = QStringLiteral("gnome-keyring-daemon: %1").arg(m_keyring.errorString());
            return false;
        }
        m_keyring.write("test-password"); // --unlock reads the login keyring's password
        m_keyring.closeWriteChannel();
        const bool up = QTest::qWaitFor(
            [] { return QDBusConnection::sessionBus().interface()->isServiceRegistered(kSecrets); },
            10000);
        if (!up)
            *error = QStringLiteral("gnome-keyring-daemon did not take %1 on the bus: %2")
                         .arg(kSecrets, QString::fromLocal8Bit(m_keyring.readAllStandardError()));
        return up;
    }

    std::unique_ptr<QSettings> settingsFile() const
    {
        return std::make_unique<QSettings>(m_home.filePath(QStringLiteral("roomcast.conf")),
                                           QSettings::IniFormat);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qDBusRegisterMetaType<QMap<QString, QString>>();
        QString error;
        QVERIFY2(startKeyring(&error), qPrintable(error));
    }
    void cleanupTestCase()
    {
        for (QProcess *p : {&m_keyring, &m_bus}) {
            p->terminate();
            if (!p->waitForFinished(5000))
                p->kill();
        }
    }

    void probeFindsTheKeyring()
    {
        auto keyring = Keyring::secretService();
        QVERIFY2(keyring, "built without libsecret, yet registered");
        const Keyring::Reply probe = keyring->probe();
        QVERIFY2(probe.ok(), qPrintable(probe.error));
    }

    void storeLookupClear()
    {
        auto keyring = Keyring::secretService();
        QVERIFY(keyring);
        const Keyring::Reply stored =
            keyring->store({kServer, QStringLiteral("alice")}, QStringLiteral("test item"),
                           QStringLiteral("s3cret é"));
        QVERIFY2(stored.ok(), qPrintable(stored.error));

        // In the daemon, under our schema: any Secret Service client can find it.
        const QMap<QString, QString> ours{
            {QStringLiteral("xdg:schema"), QStringLiteral("org.roomcast.Token")},
            {QStringLiteral("server"), kServer}};
        QCOMPARE(itemsWith(ours).size(), 1);

        const auto another = Keyring::secretService(); // nothing cached in the first one
        QCOMPARE(another->lookup({kServer, {}}).secret, QStringLiteral("s3cret é"));
        QCOMPARE(another->lookup({kServer, QStringLiteral("alice")}).secret,
                 QStringLiteral("s3cret é"));
        const Keyring::Reply bob = another->lookup({kServer, QStringLiteral("bob")});
        QVERIFY2(bob.ok(), qPrintable(bob.error));
        QCOMPARE(bob.secret, QString());
        QCOMPARE(another->lookup({QStringLiteral("ws://elsewhere/ws"), {}}).secret, QString());

        const Keyring::Reply cleared = keyring->clear({kServer, {}});
        QVERIFY2(cleared.ok(), qPrintable(cleared.error));
        QCOMPARE(keyring->lookup({kServer, {}}).secret, QString());
        QCOMPARE(itemsWith(ours).size(), 0);
    }

    void settingsKeepTheTokenInTheKeyring()
    {
        const QString token = tokenFor("alice");
        {
            Settings settings(settingsFile(), Keyring::secretService());
            settings.setServerUrl(kServer);
            settings.setToken(token);
        }
        QFile file(m_home.filePath(QStringLiteral("roomcast.conf")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray onDisk = file.readAll();
        QVERIFY(onDisk.contains(kServer.toUtf8()));
        QVERIFY2(!onDisk.contains(token.toUtf8()) && !onDisk.contains(token.toUtf8().toBase64()),
                 "the token is in the settings file");
        QCOMPARE(itemsWith({{QStringLiteral("server"), kServer},
                            {QStringLiteral("user"), QStringLiteral("alice")}})
                     .size(),
                 1);

        // The next run finds it there, and says where it looks.
        auto again = settingsFile();
        TokenVault vault(again.get(), Keyring::secretService());
        QCOMPARE(vault.backend(), TokenVault::Backend::SecretService);
        QCOMPARE(vault.read(kServer), token);
        Settings settings(settingsFile(), Keyring::secretService());
        QCOMPARE(settings.token(), token);
        settings.setToken({});
        QCOMPARE(vault.read(kServer), QString());
    }
};

QTEST_GUILESS_MAIN(TstSecretService)
#include "tst_secretservice.moc"
