#pragma once

#include <QStringList>

namespace roomcast::server {

//! The whole `roomcast-server` program over a running QCoreApplication: parses the command
//! line, mints tokens or runs a node until SIGTERM/SIGINT. Returns the exit status
//! (0 ok, 2 bad start with one line on stderr).
int runServerMain(const QStringList &arguments);

} // namespace roomcast::server
