#pragma once

#include <QObject>
#include <QUrl>
#include <QWebSocket>

#include "framequeue.h"

#include <nlohmann/json.hpp>

#include <deque>
#include <optional>
#include <string>

namespace roomcast::test {

using Json = nlohmann::json;

//! A real QWebSocket client for end-to-end tests: every text frame received is parsed and
//! queued, so tests can wait for a frame of a given type with a timeout (no sleeps).
class TestClient : public QObject
{
    Q_OBJECT
public:
    explicit TestClient(QObject *parent = nullptr);

    //! Connects and waits for the upgrade; false on failure or timeout.
    bool open(const QUrl &url, int timeoutMs = 5000);
    //! open() + hello + wait for welcome; returns the welcome frame (nullopt on failure).
    std::optional<Json> connectAndHello(const QUrl &url, const std::string &token,
                                        int timeoutMs = 5000);

    void send(const Json &frame);
    void sendRaw(const QString &text);
    void sendBinary(const QByteArray &data);

    //! Waits until a frame with this `type` (and `id`, when given) arrives; removes and returns
    //! it. Frames of other types stay queued in order.
    std::optional<Json> waitFor(const std::string &type, int timeoutMs = 5000,
                                const Json &id = nullptr);
    //! Sends a request with `id` and waits for the frame echoing it (reply or error).
    std::optional<Json> request(Json frame, int timeoutMs = 5000);
    //! Removes and returns every queued frame of this type.
    std::deque<Json> take(const std::string &type);
    //! True if a frame of this type is queued now (no waiting).
    bool has(const std::string &type) const;

    //! Waits for the connection to close; returns the close code (-1 on timeout).
    int waitClosed(int timeoutMs = 5000);
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocket &socket() { return m_socket; }
    const std::deque<Json> &frames() const { return m_frames.frames(); }
    int nextId() { return ++m_lastId; }

private:
    QWebSocket m_socket;
    FrameQueue m_frames;
    bool m_closed = false;
    int m_lastId = 0;
};

} // namespace roomcast::test
