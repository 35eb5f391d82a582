#pragma once

#include "sqlitedb.h"

#include <QString>

#include <string>

namespace roomcast::server::storeschema {

//! Bumped (with a migration in ensure()) whenever the tables change.
inline constexpr int kVersion = 2; //!< 2: full-text search (messages_fts)

//! Switches the connection to WAL, creates or checks the schema (PRAGMA user_version) and
//! returns the store epoch, created at random on first open. Runs one write transaction,
//! so an unwritable database is reported here and not at the first publish.
bool ensure(SqliteDb &db, std::string *epoch, QString *error);

} // namespace roomcast::server::storeschema
