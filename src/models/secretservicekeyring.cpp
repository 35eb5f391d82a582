// The Secret Service through libsecret's synchronous "password" API. GLib stays in this
// file: nothing else in Roomcast sees a GError or a GHashTable.
#include "keyring.h"

#include <libsecret/secret.h>

namespace roomcast::models {

namespace {

//! Items are found by schema name + attributes; the name is what other tools see.
const SecretSchema *schema()
{
    static const SecretSchema s = [] {
        SecretSchema schema{}; // the reserved fields stay zero
        schema.name = "org.roomcast.Token";
        schema.flags = SECRET_SCHEMA_NONE;
        schema.attributes[0] = {"server", SECRET_SCHEMA_ATTRIBUTE_STRING};
        schema.attributes[1] = {"user", SECRET_SCHEMA_ATTRIBUTE_STRING};
        return schema;
    }();
    return &s;
}

//! The attributes of a key; the byte arrays keep the strings alive while the table is used.
class Attributes
{
public:
    explicit Attributes(const Keyring::Key &key)
        : m_server(key.server.toUtf8()), m_user(key.user.toUtf8()),
          m_table(g_hash_table_new(g_str_hash, g_str_equal))
    {
        g_hash_table_insert(m_table, const_cast<char *>("server"), m_server.data());
        if (!m_user.isEmpty())
            g_hash_table_insert(m_table, const_cast<char *>("user"), m_user.data());
    }
    ~Attributes() { g_hash_table_unref(m_table); }
    Attributes(const Attributes &) = delete;
    Attributes &operator=(const Attributes &) = delete;
    GHashTable *table() const { return m_table; }

private:
    QByteArray m_server;
    QByteArray m_user;
    GHashTable *m_table;
};

//! Takes the error: its message, or `fallback` when libsecret gave none.
QString take(GError *error, const char *fallback = "unknown error")
{
    const QString message = QString::fromUtf8(error ? error->message : fallback);
    if (error)
        g_error_free(error);
    return message;
}

class SecretServiceKeyring : public Keyring
{
public:
    Reply probe() override
    {
        GError *error = nullptr;
        SecretService *service = secret_service_get_sync(SECRET_SERVICE_NONE, nullptr, &error);
        if (!service)
            return {{}, take(error)};
        // Storing into a missing default collection would need a password prompt, which a
        // headless session cannot show: that is "no keychain", not a hang or a failed save.
        SecretCollection *collection = secret_collection_for_alias_sync(
            service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, nullptr, &error);
        g_object_unref(service);
        if (!collection)
            return {{}, error ? take(error) : QStringLiteral("it has no default keyring")};
        g_object_unref(collection);
        return {};
    }

    Reply store(const Key &key, const QString &label, const QString &secret) override
    {
        Attributes attributes(key);
        GError *error = nullptr;
        const bool stored = secret_password_storev_sync(
            schema(), attributes.table(), SECRET_COLLECTION_DEFAULT, label.toUtf8().constData(),
            secret.toUtf8().constData(), nullptr, &error);
        return stored ? Reply{} : Reply{{}, take(error, "not stored")};
    }

    Reply lookup(const Key &key) override
    {
        Attributes attributes(key);
        GError *error = nullptr;
        gchar *found = secret_password_lookupv_sync(schema(), attributes.table(), nullptr, &error);
        if (error)
            return {{}, take(error)};
        Reply reply;
        if (found) {
            reply.secret = QString::fromUtf8(found);
            secret_password_free(found); // wipes the memory, too
        }
        return reply;
    }

    Reply clear(const Key &key) override
    {
        Attributes attributes(key);
        GError *error = nullptr;
        secret_password_clearv_sync(schema(), attributes.table(), nullptr, &error);
        return error ? Reply{{}, take(error)} : Reply{};
    }
};

} // namespace

std::unique_ptr<Keyring> Keyring::secretService()
{
    return std::make_unique<SecretServiceKeyring>();
}

} // namespace roomcast::models
