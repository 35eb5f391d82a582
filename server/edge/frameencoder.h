#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace roomcast::server::edge {

//! RFC 6455 opcodes the server writes.
enum class Opcode : unsigned char { Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

//! Appends one final, unmasked frame (RFC 6455 5.2: a server never masks) with the shortest
//! length encoding: 7 bits up to 125, 16 bits up to 65535, else 64 bits.
void appendFrame(QByteArray &out, Opcode opcode, QByteArrayView payload);

//! One text frame, header and UTF-8 payload in one buffer. A broadcast builds it once and
//! writes the same implicitly shared bytes to every subscriber's socket, instead of
//! QWebSocket::sendTextMessage(), which transcodes, copies and frames per recipient.
QByteArray textFrame(QByteArrayView utf8);

} // namespace roomcast::server::edge
