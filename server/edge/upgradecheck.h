#pragma once

#include "http/httprequest.h"

#include <QByteArray>

#include <variant>

namespace roomcast::server::edge {

//! Why an upgrade request is refused: the status and extra headers RFC 6455 4.2.1 / 4.4 and
//! RFC 7230 name, and a one-line text body for a person reading it.
struct UpgradeRefusal
{
    int status = 400;
    QByteArray extraHeaders; //!< complete header lines, each ending in CRLF
    QByteArray message;

    //! The whole HTTP response (`Connection: close`, a text/plain body).
    QByteArray response() const;
};

//! Checks a WebSocket upgrade request (the parsed head of a request for `/ws`) against RFC
//! 6455 4.2.1 and RFC 7230 before QWebSocketServer sees it: QtWebSockets 6.4 answers most bad
//! handshakes by dropping the connection without a word, and accepts some that are invalid
//! (a Sec-WebSocket-Key that is not 16 bytes of base64). On success the result is the
//! request head to hand to QWebSocketServer, rebuilt from the checked fields only (origin-form
//! target, one Host, one key), so Qt never sees anything the edge has not checked.
std::variant<QByteArray, UpgradeRefusal> checkUpgrade(const http::HttpRequest &request);

} // namespace roomcast::server::edge
