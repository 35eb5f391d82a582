#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <optional>

namespace roomcast::test {

//! A parsed HTTP/1.1 response as the tests check it.
struct HttpReply
{
    int status = -1; //!< -1: no complete status line arrived
    QByteArray head; //!< status line and headers, without the blank line
    QList<QPair<QByteArray, QByteArray>> headers; //!< names lower-cased
    QByteArray body;

    //! One response from raw bytes; status stays -1 until its body is complete.
    static HttpReply parse(const QByteArray &bytes);
    std::optional<QByteArray> header(const QByteArray &lowerName) const;
    //! The body as JSON (discarded when it is not JSON).
    nlohmann::json json() const;
};

//! One HTTP exchange over a plain QTcpSocket, bytes exactly as the test writes them, so
//! malformed requests can be sent too. Waits by running the event loop (the server may live
//! on this thread), never by sleeping.
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    explicit HttpExchange(QObject *parent = nullptr);

    //! `METHOD path HTTP/1.1`, Host, the extra header lines, Content-Length when there is a
    //! body (or the method is POST), then the body.
    static QByteArray request(const QByteArray &method, const QByteArray &path,
                              const QList<QByteArray> &headerLines = {},
                              const QByteArray &body = {});

    bool connectTo(const QUrl &url, int timeoutMs = 5000);
    void write(const QByteArray &bytes);
    //! Waits until the server closed the connection; false on timeout.
    bool waitClosed(int timeoutMs = 5000);
    //! Waits until `bytes` appear in what was received; false on timeout.
    bool waitReceived(const QByteArray &bytes, int timeoutMs = 5000);
    QByteArray received() const { return m_received; }
    bool closed() const { return m_closed; }
    //! Parses what was received as one response (status -1 if incomplete).
    HttpReply reply() const;

    //! connectTo + write + waitClosed + reply: the whole exchange (status -1 on failure).
    static HttpReply send(const QUrl &url, const QByteArray &bytes, int timeoutMs = 5000);

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_closed = false;
};

} // namespace roomcast::test
