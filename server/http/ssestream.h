#pragma once

#include "edge/connection.h"

#include <QPointer>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

class QTcpSocket;

namespace roomcast::server {
class Node;
}

namespace roomcast::server::http {

//! GET /api/rooms/{room}/events once accepted: a Server-Sent Events stream that is, to the
//! node, one more connection. It says `hello` and `subscribe` (with `since` from
//! Last-Event-ID) for its client, and turns what the node writes into events: each room
//! message as `id: <epoch>:<seq>` / `event: message` / `data: <the WebSocket JSON>`, joins and
//! leaves as `event: presence`, a subscribe that could not recover as `event: reset`, the node's
//! pings as comment lines. Rights, heartbeats, token expiry, slow-consumer cut-off, drain
//! and no-loss resume are therefore exactly the WebSocket's.
class SseStream final : public edge::Connection
{
public:
    struct Position
    {
        std::string epoch;
        std::int64_t seq = 0;
    };

    //! Takes `socket` over (its request read); the response starts with start().
    SseStream(QTcpSocket *socket, std::string room, std::optional<Position> since);
    ~SseStream() override;

    //! Writes the response head and joins the room on `node` with `token` (already checked).
    void start(Node &node, const std::string &token);

    bool send(const QByteArray &frame, qint64 maxBuffered) override;
    qint64 bytesToWrite() const override;
    void close(int code, const QString &reason) override;
    void abort() override;
    //! A comment line; answered as a pong when the client's TCP acknowledged everything
    //! written up to the previous ping, so a peer that vanished times out like a WebSocket.
    void ping() override;
    int closeCode() const override { return m_closeCode; }
    void release() override;

    //! "<epoch>:<seq>" (Last-Event-ID, ?since=); nullopt when it is not one.
    static std::optional<Position> parsePosition(const QByteArray &text);

private:
    void onServerJson(QByteArrayView json);
    void writeEvent(const char *event, const std::string &id, QByteArrayView data);
    void write(const QByteArray &bytes);
    void unlink();

    QPointer<QTcpSocket> m_socket;
    std::string m_room;
    std::optional<Position> m_since;
    std::string m_epoch;
    int m_closeCode = 1006;
    bool m_closing = false;
    bool m_subscribed = false;
    qint64 m_written = 0;           //!< bytes written to the socket since the start
    qint64 m_writtenAtLastPing = 0; //!< m_written when the previous ping went out
    std::array<QMetaObject::Connection, 2> m_links;
};

} // namespace roomcast::server::http
