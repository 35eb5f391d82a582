#include "httprequest.h"

#include <string_view>

namespace roomcast::server::http {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text)
        if (!isTokenChar(c))
            return false;
    return true;
}

//! Control characters other than HTAB are never valid in a header value or a target.
bool hasControl(QByteArrayView text, bool allowTab)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !(allowTab && c == '\t')) || u == 0x7f)
            return true;
    }
    return false;
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

//! The path and query of a request target: origin-form as it is, absolute-form
//! (`http://host:port/path?q`, which RFC 7230 5.3.2 says a server MUST accept) without its
//! scheme and authority; nullopt for anything else.
std::optional<QByteArrayView> originForm(QByteArrayView target)
{
    if (!target.isEmpty() && target.front() == '/')
        return target;
    const qsizetype colon = target.indexOf(QByteArrayView("://"));
    if (colon <= 0)
        return std::nullopt;
    const QByteArray scheme = target.first(colon).toByteArray().toLower();
    if (scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss")
        return std::nullopt;
    const QByteArrayView rest = target.sliced(colon + 3);
    qsizetype end = 0;
    while (end < rest.size() && rest[end] != '/' && rest[end] != '?')
        ++end;
    if (end == 0)
        return std::nullopt; // no authority
    return rest.sliced(end);
}

} // namespace

std::optional<QByteArray> HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return std::nullopt;
}

HttpRequestParser::Status HttpRequestParser::fail(int status, std::string code, std::string message)
{
    m_error = HttpError{status, std::move(code), std::move(message)};
    return Status::Failed;
}

HttpRequestParser::Status HttpRequestParser::parse(QByteArrayView received)
{
    if (!m_headDone) {
        const qsizetype end = received.indexOf(QByteArrayView("\r\n\r\n"));
        if (end < 0 || end + 4 > m_limits.maxHeadBytes) {
            if (end >= 0 || received.size() > m_limits.maxHeadBytes)
                return fail(431, "header_too_large",
                            "request head: larger than " + std::to_string(m_limits.maxHeadBytes) +
                                " bytes");
            return Status::Incomplete;
        }
        if (const Status s = parseHead(received.first(end)); s != Status::Complete)
            return s;
        m_headBytes = end + 4;
        m_headDone = true;
    }
    if (received.size() - m_headBytes < m_bodyBytes)
        return Status::Incomplete;
    m_request.body = received.sliced(m_headBytes, m_bodyBytes).toByteArray();
    m_consumed = m_headBytes + m_bodyBytes;
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::parseHead(QByteArrayView head)
{
    qsizetype lineEnd = head.indexOf(QByteArrayView("\r\n"));
    if (const Status s = parseRequestLine(lineEnd < 0 ? head : head.first(lineEnd));
        s != Status::Complete)
        return s;
    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 2;
        lineEnd = head.indexOf(QByteArrayView("\r\n"), start);
        const QByteArrayView line =
            head.sliced(start, (lineEnd < 0 ? head.size() : lineEnd) - start);
        if (line.isEmpty() || line.front() == ' ' || line.front() == '\t')
            return fail(400, "bad_request", "header: obsolete line folding is not accepted");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return fail(400, "bad_request", "header: malformed header line");
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (hasControl(value, true))
            return fail(400, "bad_request",
                        "header " + line.first(colon).toByteArray().toStdString() +
                            ": control characters are not allowed");
        m_request.headers.emplace_back(line.first(colon).toByteArray().toLower(),
                                       value.toByteArray());
    }
    return bodyLength();
}

HttpRequestParser::Status HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype first = line.indexOf(' ');
    const qsizetype second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (second < 0 || line.indexOf(' ', second + 1) >= 0)
        return fail(400, "bad_request", "request line: expected METHOD SP TARGET SP HTTP/1.1");
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, second - first - 1);
    const QByteArrayView version = line.sliced(second + 1);
    if (!isToken(method))
        return fail(400, "bad_request", "request line: malformed method");
    const std::optional<QByteArrayView> origin = originForm(target);
    if (!origin || hasControl(target, false))
        return fail(400, "bad_request",
                    "request line: the target must be a path or an absolute URL");
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        !isDigit(version[5]) || !isDigit(version[7]))
        return fail(400, "bad_request", "request line: malformed HTTP version");
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return fail(505, "http_version_not_supported", "only HTTP/1.1 and HTTP/1.0 are served");
    m_request.method = method.toByteArray();
    m_request.target = origin->isEmpty() ? QByteArray("/") : origin->toByteArray();
    if (m_request.target.front() == '?')
        m_request.target.prepend('/');
    const qsizetype query = m_request.target.indexOf('?');
    m_request.path = query < 0 ? m_request.target : m_request.target.first(query);
    m_request.version = version.toByteArray();
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::bodyLength()
{
    if (m_request.header("transfer-encoding"))
        return fail(411, "length_required",
                    "Transfer-Encoding is not supported: send the body with Content-Length");
    std::optional<qint64> length;
    for (const auto &[name, value] : m_request.headers) {
        if (name != "content-length")
            continue;
        bool digits = !value.isEmpty() && value.size() <= 18;
        for (const char c : value)
            digits = digits && isDigit(c);
        if (!digits)
            return fail(400, "bad_request", "Content-Length: must be a decimal number of bytes");
        const qint64 n = value.toLongLong();
        if (length && *length != n)
            return fail(400, "bad_request", "Content-Length: conflicting values");
        length = n;
    }
    if (!length) {
        // Without a length a request has no body (RFC 9112 6.3); a POST always means one.
        if (m_request.method == "POST")
            return fail(411, "length_required", "Content-Length: required for a POST body");
        length = 0;
    }
    if (*length > m_limits.maxBodyBytes)
        return fail(413, "payload_too_large",
                    "body: larger than " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    m_bodyBytes = static_cast<qsizetype>(*length);
    return Status::Complete;
}

} // namespace roomcast::server::http
