#pragma once

#include <QStringList>

namespace roomcast::cli {

//! `roomcast-cli`: scripts and people poke a Roomcast node from a terminal.
//!   roomcast-cli [--url U] [--token T] subscribe ROOM...      one JSON message per line
//!   roomcast-cli ... publish ROOM TEXT [--kind K] [--body JSON] prints the ack's seq
//!   roomcast-cli ... history ROOM [--limit N] [--before SEQ]  one JSON message per line
//!   roomcast-cli ... presence ROOM                            one user id per line
//! --url defaults to $ROOMCAST_URL or ws://127.0.0.1:8765/ws, --token to $ROOMCAST_TOKEN.
//! Returns the exit status: 0 ok, 1 the server refused, 2 bad usage or unreachable.
int runCli(const QStringList &arguments);

} // namespace roomcast::cli
