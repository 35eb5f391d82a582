#include "httpconnection.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace roomcast::server::http {

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Handler handler)
    : QObject(socket), m_socket(socket), m_parser(limits), m_handler(std::move(handler)),
      m_cap(limits.maxHeadBytes + limits.maxBodyBytes + 1)
{
    // Qt stops reading from the kernel beyond this: a request never costs more memory.
    m_socket->setReadBufferSize(m_cap);
}

void HttpConnection::start()
{
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    onReadyRead();
}

void HttpConnection::onReadyRead()
{
    if (m_done) {
        m_socket->skip(m_socket->bytesAvailable()); // after the request: dropped
        return;
    }
    if (m_buffer.size() >= m_cap)
        return; // unreachable: the parser fails before (431 or 413)
    m_buffer += m_socket->read(m_cap - m_buffer.size());
    switch (m_parser.parse(m_buffer)) {
    case HttpRequestParser::Status::Incomplete:
        if (m_parser.headComplete() && !m_continued && m_parser.request().version == "HTTP/1.1" &&
            m_parser.request().header("expect").value_or(QByteArray()).toLower() ==
                "100-continue") {
            m_continued = true;
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        return;
    case HttpRequestParser::Status::Failed:
        m_failed = true;
        break;
    case HttpRequestParser::Status::Complete:
        break;
    }
    m_done = true;
    if (m_handler)
        m_handler(this);
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (m_answered)
        return;
    m_answered = true;
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    const bool headOnly = !m_failed && m_parser.request().method == "HEAD";
    m_socket->write(response.serialize(headOnly));
    if (m_failed || m_buffer.size() > m_parser.consumed() || m_socket->bytesAvailable() > 0)
        lingeringClose();
    else
        m_socket->disconnectFromHost();
}

void HttpConnection::lingeringClose()
{
    const auto shutWhenFlushed = [this] {
        if (m_writeShut || m_socket->bytesToWrite() > 0)
            return;
        m_writeShut = true;
        ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QTcpSocket::bytesWritten, this, shutWhenFlushed);
    m_socket->flush();
    shutWhenFlushed();
    m_socket->skip(m_socket->bytesAvailable());
}

} // namespace roomcast::server::http
