#pragma once

#include "client/connection.h"

#include <QString>

namespace roomcast::models {

//! What the connection banner says and how loudly, derived from the connection alone so
//! that it is honest (never "connected" before `welcome`) and testable without a socket.
struct Banner
{
    //! What the connection looks like at one instant.
    struct Input
    {
        client::Connection::State state = client::Connection::State::Offline;
        int rttMs = -1;
        QString node;
        int attempt = 0;
        int reconnectInMs = 0;
        QString lastError;
        QString host; //!< host:port, for "Connecting to …"
    };

    QString text;
    //! "ok", "busy", "warning" or "error": the views pick colours from it.
    QString level;
    bool canRetry = false;

    static Banner describe(const Input &in);
};

} // namespace roomcast::models
