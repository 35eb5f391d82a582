#pragma once

#include <QString>

#include <memory>

namespace roomcast::models {

//! A desktop keychain the token can live in instead of the settings file. An interface so
//! that TokenVault's choice is testable without one, and so that a build without libsecret
//! still has the same code path (it simply gets no keyring).
class Keyring
{
public:
    //! Which secret: the server URL it is for and the Roomcast user it names. An empty user
    //! in lookup() and clear() matches any user of that server.
    struct Key
    {
        QString server;
        QString user;
    };
    //! One call's outcome: errors are values. `secret` is what lookup() found (empty: none).
    struct Reply
    {
        QString secret;
        QString error; //!< why it did not work, in words; empty when it did
        bool ok() const { return error.isEmpty(); }
    };

    virtual ~Keyring() = default;

    //! Whether a keychain answers and has somewhere to store without asking (the reason
    //! in `error` otherwise). TokenVault asks once, at its first use.
    virtual Reply probe() = 0;
    //! Stores (or replaces) the secret of exactly this key; `label` is what a keychain
    //! manager such as Seahorse shows.
    virtual Reply store(const Key &key, const QString &label, const QString &secret) = 0;
    virtual Reply lookup(const Key &key) = 0;
    virtual Reply clear(const Key &key) = 0;

    //! The Secret Service (org.freedesktop.secrets: GNOME Keyring, KWallet, KeePassXC) through
    //! libsecret, schema "org.roomcast.Token"; null when Roomcast was built without libsecret.
    static std::unique_ptr<Keyring> secretService();
};

} // namespace roomcast::models
