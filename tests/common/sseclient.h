#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace roomcast::test {

//! One event of a text/event-stream, as the HTML standard's parser builds it.
struct SseEvent
{
    QByteArray id;    //!< empty when the event carried no `id:`
    QByteArray event; //!< "message" when the event carried no `event:`
    QByteArray data;
    nlohmann::json json() const
    {
        return nlohmann::json::parse(data.begin(), data.end(), nullptr, false);
    }
};

//! A raw HTTP client of GET /api/rooms/{room}/events over a plain QTcpSocket: writes the
//! request as given, parses the head and then the stream (fields, comments, blank-line
//! dispatch) the way an EventSource does. Waits by running the event loop, never by sleeping.
class SseClient : public QObject
{
    Q_OBJECT
public:
    explicit SseClient(QObject *parent = nullptr);

    //! Connects to `url`'s host and port and sends `GET path` with the extra header lines.
    bool open(const QUrl &url, const QByteArray &path, const QList<QByteArray> &headerLines = {});
    //! Waits until the response head arrived; false on timeout.
    bool waitHead(int timeoutMs = 5000);
    //! Waits until at least `n` events were dispatched; false on timeout.
    bool waitEvents(int n, int timeoutMs = 5000);
    //! Waits until at least `n` comment lines arrived; false on timeout.
    bool waitComments(int n, int timeoutMs = 5000);
    bool waitClosed(int timeoutMs = 5000);

    int status() const { return m_status; }
    std::optional<QByteArray> header(const QByteArray &lowerName) const;
    //! The body of a refusal (everything after the head).
    QByteArray body() const { return m_body; }
    const std::vector<SseEvent> &events() const { return m_events; }
    std::vector<SseEvent> take();
    int comments() const { return m_comments; }
    QByteArray retry() const { return m_retry; }
    //! The last `id:` seen, as EventSource sends it back in Last-Event-ID.
    QByteArray lastEventId() const { return m_lastId; }
    bool closed() const { return m_closed; }
    //! Stops reading from the kernel (a reader that fell behind); TCP then pushes back.
    void pauseReading();
    void close();

private:
    void onBytes();
    void parseLine(const QByteArray &line);

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_body;
    bool m_headDone = false;
    int m_status = -1;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    SseEvent m_pending;
    bool m_pendingHasData = false;
    QByteArray m_lastId;
    QByteArray m_retry;
    std::vector<SseEvent> m_events;
    int m_comments = 0;
    bool m_closed = false;
    bool m_paused = false;
};

} // namespace roomcast::test
