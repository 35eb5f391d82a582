#pragma once

// An in-memory keychain for the tests of TokenVault and Settings: it answers like the Secret
// Service would (any-user lookups, one item per key) and can be told to be unusable.
#include "models/keyring.h"

#include <map>
#include <utility>

namespace roomcast::test {

class FakeKeyring : public models::Keyring
{
public:
    struct Item
    {
        QString label;
        QString secret;
    };
    //! Shared with the test, which keeps looking after the vault took the keyring.
    struct State
    {
        QString probeError; //!< non-empty: probe() fails with it
        QString storeError; //!< non-empty: store() fails with it
        int probes = 0;
        std::map<std::pair<QString, QString>, Item> items; //!< (server, user) -> item
    };

    explicit FakeKeyring(State *state) : m_state(state) {}

    Reply probe() override
    {
        ++m_state->probes;
        return {{}, m_state->probeError};
    }
    Reply store(const Key &key, const QString &label, const QString &secret) override
    {
        if (!m_state->storeError.isEmpty())
            return {{}, m_state->storeError};
        m_state->items[{key.server, key.user}] = {label, secret};
        return {};
    }
    Reply lookup(const Key &key) override
    {
        for (const auto &[k, item] : m_state->items) {
            if (matches(k, key))
                return {item.secret, {}};
        }
        return {};
    }
    Reply clear(const Key &key) override
    {
        std::erase_if(m_state->items, [&](const auto &entry) { return matches(entry.first, key); });
        return {};
    }

private:
    static bool matches(const std::pair<QString, QString> &stored, const Key &key)
    {
        return stored.first == key.server && (key.user.isEmpty() || stored.second == key.user);
    }
    State *m_state;
};

} // namespace roomcast::test
