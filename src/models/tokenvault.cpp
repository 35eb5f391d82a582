#include "tokenvault.h"

#include <QCoreApplication>

#include "logging.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace roomcast::models {

namespace {

const QString kToken = QStringLiteral("server/token");

// Keeps the token from being read over a shoulder or grepped out of a backup; it is not
// encryption (the file itself is made private to the user).
QString obfuscate(const QString &token)
{
    return QString::fromLatin1(token.toUtf8().toBase64());
}
QString deobfuscate(const QString &stored)
{
    return QString::fromUtf8(QByteArray::fromBase64(stored.toLatin1()));
}

//! The `sub` claim, read without verifying (only the server can): it labels the keychain
//! item. Empty when the token is not a readable JWT.
QString subjectOf(const QString &token)
{
    const QList<QStringView> parts = QStringView(token).split(u'.');
    if (parts.size() != 3)
        return {};
    const QByteArray payload = QByteArray::fromBase64(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QJsonDocument::fromJson(payload).object().value(QLatin1String("sub")).toString();
}

} // namespace

TokenVault::TokenVault(QSettings *file, std::unique_ptr<Keyring> keyring)
    : m_file(file), m_keyring(std::move(keyring))
{}

TokenVault::~TokenVault() = default;

TokenVault::Backend TokenVault::backend()
{
    if (m_backend)
        return *m_backend;
    const QString file = QDir::toNativeSeparators(m_file->fileName());
    if (!m_keyring) {
        qCInfo(lcModels).noquote() << "token storage: the settings file" << file
                                   << "(built without libsecret, so no keychain)";
        m_backend = Backend::SettingsFile;
        return *m_backend;
    }
    const Keyring::Reply probe = m_keyring->probe();
    if (probe.ok()) {
        qCInfo(lcModels) << "token storage: the desktop keychain (Secret Service)";
        m_backend = Backend::SecretService;
    } else {
        qCInfo(lcModels).noquote() << "token storage: the settings file" << file
                                   << "(mode 0600): no usable Secret Service:" << probe.error;
        m_backend = Backend::SettingsFile;
    }
    return *m_backend;
}

QString TokenVault::read(const QString &server)
{
    if (backend() == Backend::SettingsFile)
        return readFile();
    const Keyring::Reply found = m_keyring->lookup({server, {}});
    if (!found.ok()) {
        qCWarning(lcModels).noquote() << "cannot read the token from the keychain:" << found.error;
        return readFile();
    }
    if (!found.secret.isEmpty())
        return found.secret;
    // Saved by a run without a keychain: move it in, so it is on disk no longer.
    const QString legacy = readFile();
    if (!legacy.isEmpty() && storeInKeyring(server, legacy).ok()) {
        qCInfo(lcModels) << "moved the token from the settings file into the keychain";
        writeFile({});
    }
    return legacy;
}

void TokenVault::write(const QString &server, const QString &token)
{
    if (backend() == Backend::SettingsFile) {
        writeFile(token);
        return;
    }
    const Keyring::Reply done =
        token.isEmpty() ? m_keyring->clear({server, {}}) : storeInKeyring(server, token);
    if (!done.ok()) {
        qCWarning(lcModels).noquote() << "the keychain refused the token (" << done.error
                                      << "): keeping it in the settings file instead";
        writeFile(token);
        return;
    }
    writeFile({}); // no stale copy on disk
}

Keyring::Reply TokenVault::storeInKeyring(const QString &server, const QString &token)
{
    // One token per server: a token for another user replaces the one before.
    const Keyring::Reply cleared = m_keyring->clear({server, {}});
    if (!cleared.ok())
        return cleared;
    const QString user = subjectOf(token);
    const QString label = user.isEmpty()
                              ? QCoreApplication::translate("TokenVault", "Roomcast token for %1").arg(server)
                              : QCoreApplication::translate("TokenVault", "Roomcast token for %1 on %2").arg(user, server);
    return m_keyring->store({server, user}, label, token);
}

QString TokenVault::readFile() const
{
    return deobfuscate(m_file->value(kToken).toString());
}

void TokenVault::writeFile(const QString &token)
{
    if (token.isEmpty()) {
        if (!m_file->contains(kToken))
            return;
        m_file->remove(kToken);
    } else {
        m_file->setValue(kToken, obfuscate(token));
    }
    m_file->sync();
    QFile::setPermissions(m_file->fileName(), QFile::ReadOwner | QFile::WriteOwner);
}

} // namespace roomcast::models
