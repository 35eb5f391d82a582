#pragma once

#include "keyring.h"

#include <QString>

#include <memory>
#include <optional>

class QSettings;

namespace roomcast::models {

//! Where the app keeps its token between runs: the desktop's keychain (the Secret Service)
//! when one answers on the session bus, so the token is not on disk in plain text; the
//! settings file (mode 0600, obfuscated, not encrypted) otherwise. The choice is made at the
//! first use and logged once. In the keychain there is one token per server URL, labelled
//! with the user it names; the settings file holds one token, as it always did, and a token
//! found there is moved into the keychain once one is available.
class TokenVault
{
public:
    enum class Backend { SecretService, SettingsFile };

    //! `file` is the app's settings (not owned); `keyring` null: the settings file only.
    TokenVault(QSettings *file, std::unique_ptr<Keyring> keyring);
    ~TokenVault();

    Backend backend();
    //! The token for `server` ("" when none is stored).
    QString read(const QString &server);
    //! Stores `token` for `server`, replacing the one before; an empty token removes it.
    void write(const QString &server, const QString &token);

private:
    QString readFile() const;
    void writeFile(const QString &token);
    Keyring::Reply storeInKeyring(const QString &server, const QString &token);

    QSettings *m_file;
    std::unique_ptr<Keyring> m_keyring;
    std::optional<Backend> m_backend;
};

} // namespace roomcast::models
