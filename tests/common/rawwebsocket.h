#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>

#include "framequeue.h"

#include <nlohmann/json.hpp>

#include <deque>
#include <optional>
#include <string>

namespace roomcast::test {

//! A WebSocket client written by hand over a plain QTcpSocket, for what QWebSocket will not
//! do: stay silent (it never answers a ping), stop reading (a slow consumer), send bytes of
//! our choosing, see the server's pings and read the close code of a close frame it receives.
class RawWebSocket : public QObject
{
    Q_OBJECT
public:
    using Json = nlohmann::json;

    //! RFC 6455 opcodes.
    enum Opcode : quint8 {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xA,
    };

    explicit RawWebSocket(QObject *parent = nullptr);

    //! The HTTP upgrade request with a fixed Sec-WebSocket-Key (the one of RFC 6455 1.3).
    static QByteArray upgradeRequest(const QUrl &url, const QByteArray &path);
    //! One frame; client frames are masked (RFC 6455 5.1), so `masked` defaults to true.
    //! `rsv`: the three RSV bits (RSV1 = 4), for frames that must be refused.
    static QByteArray buildFrame(quint8 opcode, const QByteArray &payload, bool masked = true,
                                 bool fin = true, int rsv = 0);

    //! TCP connection only; nothing is written.
    bool connectTcp(const QUrl &url, int timeoutMs = 5000);
    //! Writes the upgrade request for `path` and waits for the response head; true when it
    //! is `101` with the right Sec-WebSocket-Accept. Frames are parsed from then on.
    //! `after` is written in the same write as the request (frames sent with the handshake).
    bool upgrade(const QByteArray &path = QByteArrayLiteral("/ws"), int timeoutMs = 5000,
                 const QByteArray &after = {});
    //! connectTcp() + upgrade() on the URL's path.
    bool open(const QUrl &url, int timeoutMs = 5000);
    //! open() + a hand-built hello; returns the welcome frame.
    std::optional<Json> openAndHello(const QUrl &url, const std::string &token,
                                     int timeoutMs = 5000);

    void sendText(const QByteArray &utf8);
    void sendJson(const Json &frame);
    //! Bytes as they are, no framing.
    void writeRaw(const QByteArray &bytes);

    //! Waits for a text frame of this `type`; removes and returns it.
    std::optional<Json> waitFor(const std::string &type, int timeoutMs = 5000);
    std::deque<Json> take(const std::string &type);
    bool has(const std::string &type) const;

    //! Waits until the HTTP response head (up to the blank line) has arrived.
    bool waitHttpHead(int timeoutMs = 5000);
    QByteArray httpHead() const { return m_head; }

    //! Stops reading: the socket keeps at most one byte, so the kernel buffers fill up and
    //! the server's writes back up, as with a peer that stopped reading.
    void pauseReading();
    void resumeReading();

    //! Waits until the TCP connection is gone; false on timeout.
    bool waitDisconnected(int timeoutMs = 5000);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    int pingsReceived() const { return m_pings; }
    int textFramesReceived() const { return m_texts; }
    //! Code of the close frame received, -1 if none (yet).
    int closeCode() const { return m_closeCode; }
    QTcpSocket &socket() { return m_socket; }

private:
    void onReadyRead();
    void parseFrames();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_head;
    bool m_upgrading = false;
    bool m_headDone = false;
    bool m_paused = false;
    bool m_disconnected = false;
    FrameQueue m_frames;
    int m_pings = 0;
    int m_texts = 0;
    int m_closeCode = -1;
};

} // namespace roomcast::test
