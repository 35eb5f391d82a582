// Built without libsecret (libsecret-1-dev was missing at configure time): no keychain, so
// TokenVault keeps the token in the settings file and says why once.
#include "keyring.h"

namespace roomcast::models {

std::unique_ptr<Keyring> Keyring::secretService()
{
    return nullptr;
}

} // namespace roomcast::models
