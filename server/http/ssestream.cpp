#include "ssestream.h"

#include "edge/edgesocket.h"
#include "edge/localconnection.h"
#include "node/node.h"

#include "protocol/codec.h"

#include <QTcpSocket>

#include <linux/sockios.h>
#include <sys/ioctl.h>

namespace roomcast::server::http {

using protocol::Json;

namespace {

//! How long an EventSource waits before it reconnects after the stream ends.
constexpr int kRetryMs = 2000;

std::string positionId(const std::string &epoch, std::int64_t seq)
{
    return epoch + ':' + std::to_string(seq);
}

} // namespace

SseStream::SseStream(QTcpSocket *socket, std::string room, std::optional<Position> since)
    : m_socket(socket), m_room(std::move(room)), m_since(std::move(since))
{
    // What the Gate's handshake deadline must leave alone: this socket is a stream now.
    if (auto *edgeSocket = qobject_cast<edge::EdgeSocket *>(socket))
        edgeSocket->markHanded();
    m_links = {
        QObject::connect(socket, &QTcpSocket::disconnected, socket,
                         [this] {
                             if (!m_closing) {
                                 m_closeCode = 1000; // the client went away (FIN)
                                 fire(Event::AboutToClose);
                             }
                             unlink();
                             fire(Event::Disconnected);
                         }),
        // The client has nothing to say after its request: read and dropped.
        QObject::connect(socket, &QTcpSocket::readyRead, socket,
                         [this] { m_socket->skip(m_socket->bytesAvailable()); }),
    };
}

SseStream::~SseStream()
{
    unlink();
    if (m_socket) {
        m_socket->abort();
        m_socket->deleteLater();
    }
}

void SseStream::unlink()
{
    for (QMetaObject::Connection &link : m_links)
        QObject::disconnect(link);
}

void SseStream::start(Node &node, const std::string &token)
{
    write(QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                            "Content-Type: text/event-stream; charset=utf-8\r\n"
                            "Cache-Control: no-cache\r\n"
                            "X-Accel-Buffering: no\r\n"
                            "Connection: close\r\n\r\n") +
          "retry: " + QByteArray::number(kRetryMs) + "\n\n");
    node.adoptConnection(this);
    // What a WebSocket client would say first; the node answers through send().
    const Json hello = {{"type", "hello"}, {"protocol", 1}, {"token", token}, {"client", "sse"}};
    Json subscribe = {{"type", "subscribe"}, {"id", 1}, {"room", m_room}};
    if (m_since)
        subscribe["since"] = {{"epoch", m_since->epoch}, {"seq", m_since->seq}};
    const QString helloText = QString::fromStdString(hello.dump());
    const QString subscribeText = QString::fromStdString(subscribe.dump());
    fire(Event::Text, &helloText);
    fire(Event::Text, &subscribeText);
}

bool SseStream::send(const QByteArray &frame, qint64 maxBuffered)
{
    if (bytesToWrite() > maxBuffered)
        return false;
    if (frame.isEmpty() || (static_cast<unsigned char>(frame[0]) & 0x0F) != 0x1)
        return true; // only text frames carry events
    onServerJson(QByteArrayView(frame).sliced(edge::frameHeaderSize(frame)));
    return true;
}

void SseStream::onServerJson(QByteArrayView json)
{
    const Json event = Json::parse(json.begin(), json.end(), nullptr, false);
    if (!event.is_object())
        return;
    const std::string type = event.value("type", "");
    if (type == "message") {
        writeEvent("message", positionId(m_epoch, event.value("seq", std::int64_t(0))), json);
    } else if (type == "join" || type == "leave") {
        writeEvent("presence", {}, json); // the event JSON says which
    } else if (type == "subscribed") {
        const bool changedEpoch = m_subscribed && event.value("epoch", "") != m_epoch;
        m_epoch = event.value("epoch", "");
        const bool resumed = m_since && !m_subscribed;
        m_subscribed = true;
        const bool recovered = event.value("recovered", false);
        // For readers that wait for it (tests, scripts): live from here on.
        write(": subscribed " +
              QByteArray::fromStdString(positionId(m_epoch, event.value("seq", std::int64_t(0)))) +
              "\n\n");
        if ((resumed && !recovered) || changedEpoch) {
            // The position asked for is gone (another epoch, or past retention): start over.
            const Json reset = {
                {"room", m_room}, {"epoch", m_epoch}, {"seq", event.value("seq", std::int64_t(0))}};
            writeEvent("reset", {}, QByteArray::fromStdString(reset.dump()));
        }
        if (!resumed && !changedEpoch)
            return; // a new stream starts with what happens from now on
        // Written as the live ones are: the encoder's own form of each message.
        // (The node's own frame: no limits beyond what it already enforced.)
        const auto frame =
            protocol::decodeServerFrame(std::string_view(json.data(), std::size_t(json.size())),
                                        protocol::DecodeLimits{std::size_t(json.size()), 128});
        const auto *subscribed =
            frame ? std::get_if<protocol::Subscribed>(&frame.value()) : nullptr;
        if (!subscribed)
            return;
        for (const protocol::Message &message : subscribed->history)
            writeEvent("message", positionId(m_epoch, message.seq),
                       QByteArray::fromStdString(protocol::encodeMessage(message)));
    } else if (type == "goaway") {
        // The node drains: reconnect where it says (the stream ends right after).
        write("retry: " + QByteArray::number(event.value("reconnect_in_ms", kRetryMs)) + "\n\n");
    } else if (type == "error" || (type == "unsubscribed" && event.contains("reason"))) {
        writeEvent("error", {}, json);
        if (m_socket)
            m_socket->disconnectFromHost();
    }
}

void SseStream::writeEvent(const char *event, const std::string &id, QByteArrayView data)
{
    QByteArray out;
    out.reserve(data.size() + 64);
    if (!id.empty())
        out += "id: " + QByteArray::fromStdString(id) + '\n';
    out += QByteArray("event: ") + event + "\ndata: ";
    out += data; // JSON as the encoder writes it: one line
    out += "\n\n";
    write(out);
}

void SseStream::write(const QByteArray &bytes)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->write(bytes);
    m_written += bytes.size();
}

qint64 SseStream::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void SseStream::ping()
{
    if (!m_socket)
        return;
    int unsentInKernel = 0;
    ::ioctl(static_cast<int>(m_socket->socketDescriptor()), SIOCOUTQ, &unsentInKernel);
    const qint64 unacknowledged = m_socket->bytesToWrite() + unsentInKernel;
    if (m_written - unacknowledged >= m_writtenAtLastPing)
        fire(Event::Activity);
    write(QByteArrayLiteral(": ping\n\n"));
    m_writtenAtLastPing = m_written;
}

void SseStream::close(int code, const QString &)
{
    if (m_closing)
        return;
    m_closing = true;
    m_closeCode = code;
    if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
        abort();
        return;
    }
    m_socket->disconnectFromHost(); // after what is written: EventSource then reconnects
}

void SseStream::abort()
{
    m_closing = true;
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState) {
        m_socket->abort(); // emits disconnected
        return;
    }
    unlink();
    fire(Event::Disconnected);
}

void SseStream::release()
{
    unlink();
    if (QTcpSocket *socket = m_socket) {
        m_socket = nullptr;
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
    }
    delete this;
}

std::optional<SseStream::Position> SseStream::parsePosition(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    const qsizetype colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.size() - 1)
        return std::nullopt;
    bool ok = false;
    const qint64 seq = trimmed.mid(colon + 1).toLongLong(&ok);
    if (!ok || seq < 0)
        return std::nullopt;
    return Position{trimmed.left(colon).toStdString(), seq};
}

} // namespace roomcast::server::http
