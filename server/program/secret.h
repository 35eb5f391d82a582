#pragma once

#include "protocol/expected.h"

#include <QByteArray>
#include <QString>

namespace roomcast::server {

//! Finds the HS256 secret exactly as PROTOCOL.md section 8 says: `secretFile` (its trailing
//! newline is not part of the secret), else $ROOMCAST_SECRET, else `<dataDir>/secret`,
//! created with 32 random bytes (hex) and mode 0600 on first use.
protocol::Expected<QByteArray> resolveSecret(const QString &secretFile, const QString &dataDir);

//! The data directory to use: `dataDir`, or the platform's data location when empty.
QString resolveDataDir(const QString &dataDir);

} // namespace roomcast::server
