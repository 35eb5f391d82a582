#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roomcast::server::http {

//! One HTTP/1.x request as the routes see it: no transfer codings, the whole body in memory.
struct HttpRequest
{
    QByteArray method;
    QByteArray target;  //!< origin-form, e.g. "/api/rooms/general/messages?x=1" (an absolute-form
                        //!< target is reduced to this)
    QByteArray path;    //!< target up to '?', not percent-decoded
    QByteArray version; //!< "HTTP/1.1" or "HTTP/1.0"
    std::vector<std::pair<QByteArray, QByteArray>> headers; //!< names lower-cased, values trimmed
    QByteArray body;

    //! The first header with this lower-case name, or nullopt.
    std::optional<QByteArray> header(QByteArrayView lowerName) const;
};

//! Why a request could not be read: the status to answer and a `{code, message}` for the body.
struct HttpError
{
    int status = 400;
    std::string code = "bad_request";
    std::string message;
};

//! Limits applied while reading, so a hostile client costs at most this much memory.
struct HttpLimits
{
    qsizetype maxHeadBytes = 16384; //!< request line + headers + the blank line
    qsizetype maxBodyBytes = 65536; //!< the node's --max-frame-bytes
};

//! A strict reader of one HTTP/1.1 request (RFC 9112) from the bytes received so far: origin-form
//! targets only, CRLF line ends, no obsolete line folding, `Content-Length` bodies only.
//! Pure: it never touches a socket, so every malformed case is a unit-testable value.
class HttpRequestParser
{
public:
    enum class Status { Incomplete, Complete, Failed };

    explicit HttpRequestParser(const HttpLimits &limits) : m_limits(limits) {}

    //! Parses `received` (every byte so far, from the start of the request). Incomplete until
    //! the head and the announced body are there; Failed as soon as anything is wrong.
    Status parse(QByteArrayView received);

    //! The head is read (the body may still be on its way): time for `100 Continue`.
    bool headComplete() const { return m_headDone; }
    const HttpRequest &request() const { return m_request; }
    const HttpError &error() const { return m_error; }
    //! Bytes of `received` that belong to this request (head + body), once Complete.
    qsizetype consumed() const { return m_consumed; }

private:
    Status fail(int status, std::string code, std::string message);
    Status parseHead(QByteArrayView head);
    Status parseRequestLine(QByteArrayView line);
    Status bodyLength();

    HttpLimits m_limits;
    HttpRequest m_request;
    HttpError m_error;
    bool m_headDone = false;
    qsizetype m_headBytes = 0;
    qsizetype m_bodyBytes = 0;
    qsizetype m_consumed = 0;
};

} // namespace roomcast::server::http
