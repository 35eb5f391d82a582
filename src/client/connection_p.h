#pragma once

#include "connection.h"

#include <QTimer>

#include <cstdint>
#include <optional>
#include <string>

class QWebSocket;

namespace roomcast::client {

//! Incoming messages and frames above this are refused by the socket (Qt's default is ~2 GiB).
inline constexpr int kMaxIncomingBytes = 16 * 1024 * 1024;
//! Upgrade + hello + welcome must complete within this, or the attempt counts as failed.
inline constexpr int kHandshakeTimeoutMs = 15000;
//! Welcome values below this would make the heartbeat timer spin.
inline constexpr int kMinHeartbeatMs = 50;

//! Connection's private half, shared by connection.cpp (the state machine and public API)
//! and connectionsocket.cpp (socket events, frames, heartbeat).
struct Connection::Private
{
    enum class Drop {
        Abort, //!< drop the TCP connection at once (dead peer, superseded attempt)
        Close, //!< close 1000 and let the close handshake finish in the background
    };

    Private(Connection *owner, Options opts) : q(owner), options(std::move(opts)) {}

    Connection *const q;
    Options options;
    QWebSocket *socket = nullptr; //!< the current attempt's socket, null while not connecting
    QTimer deadline;              //!< handshake deadline while connecting, heartbeat once connected
    QTimer wait;                  //!< the reconnect wait
    QTimer countdown;             //!< ticks reconnectInMsChanged while waiting
    std::int64_t reconnectAtMs = 0;
    std::optional<std::int64_t> goawayDelayMs; //!< set by a goaway on the current socket
    QString serverMessage;                     //!< last `unauthorized` error's message
    std::string refreshId;                     //!< id of the refresh in flight, empty if none
    int refreshCount = 0;

    std::int64_t now() const { return options.now(); }

    // connection.cpp
    void setState(State state);
    void setError(const QString &error);
    void startAttempt();
    void drop(Drop how);
    void scheduleReconnect(std::int64_t delayMs, const QString &why);
    void stopAt(State state, const QString &why);
    void watchNetwork();

    // connectionsocket.cpp
    void wire(QWebSocket *s);
    void onConnected();
    void onText(const QString &text);
    void onHandshakeFrame(const protocol::ServerFrame &frame);
    void onWelcome(const protocol::Welcome &welcome);
    void onSessionFrame(const protocol::ServerFrame &frame);
    void onPong();
    void onDeadline();
    void onGone(QWebSocket *s);
    void armHeartbeat();
    QString tokenRefused() const;
};

} // namespace roomcast::client
