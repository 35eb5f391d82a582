#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QObject>

#include <functional>

class QTcpSocket;

namespace roomcast::server::http {

//! One HTTP exchange on a socket the Listener handed over: reads one request (head and
//! Content-Length body, within HttpLimits), lets the handler answer it, now or later, then
//! closes. It lives as a child of the socket, so it goes when the socket goes; the listener's
//! handshake timeout stays armed and bounds the whole exchange, a stalled client included.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    //! Called once, when the request is complete or could not be read (failed()).
    using Handler = std::function<void(HttpConnection *connection)>;

    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Handler handler);

    //! Reads what already arrived and what follows.
    void start();
    //! Writes the answer and closes the connection; later calls are ignored.
    void respond(const HttpResponse &response);

    bool failed() const { return m_failed; }
    const HttpError &error() const { return m_parser.error(); }
    const HttpRequest &request() const { return m_parser.request(); }
    bool answered() const { return m_answered; }
    QTcpSocket *socket() const { return m_socket; }

private:
    void onReadyRead();
    //! Closes without a reset when request bytes are still unread: our FIN goes out after the
    //! answer, and what the client still sends is read and dropped until it closes, so the
    //! answer is not lost to a TCP RST (a 413 sent before the body, for example).
    void lingeringClose();

    QTcpSocket *m_socket;
    HttpRequestParser m_parser;
    Handler m_handler;
    QByteArray m_buffer;
    qsizetype m_cap;     //!< head + body limits: the most a request may buffer
    bool m_done = false; //!< request complete or failed: nothing more is buffered
    bool m_failed = false;
    bool m_answered = false;
    bool m_continued = false;
    bool m_writeShut = false;
};

} // namespace roomcast::server::http
