#include "testclient.h"

namespace roomcast::test {

TestClient::TestClient(QObject *parent) : QObject(parent)
{
    m_socket.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { m_frames.pushText(text.toStdString()); });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] { m_closed = true; });
}

bool TestClient::open(const QUrl &url, int timeoutMs)
{
    m_closed = false;
    m_socket.open(url);
    return spinUntil([this] { return isOpen() || m_closed; }, timeoutMs) && isOpen();
}

std::optional<Json> TestClient::connectAndHello(const QUrl &url, const std::string &token,
                                                int timeoutMs)
{
    if (!open(url, timeoutMs))
        return std::nullopt;
    send({{"type", "hello"}, {"protocol", 1}, {"token", token}, {"client", "roomcast-tests/1"}});
    return waitFor("welcome", timeoutMs);
}

void TestClient::send(const Json &frame)
{
    m_socket.sendTextMessage(QString::fromStdString(frame.dump()));
}

void TestClient::sendRaw(const QString &text)
{
    m_socket.sendTextMessage(text);
}

void TestClient::sendBinary(const QByteArray &data)
{
    m_socket.sendBinaryMessage(data);
}

std::optional<Json> TestClient::waitFor(const std::string &type, int timeoutMs, const Json &id)
{
    return m_frames.waitFor(type, timeoutMs, id);
}

std::optional<Json> TestClient::request(Json frame, int timeoutMs)
{
    if (!frame.contains("id"))
        frame["id"] = nextId();
    send(frame);
    return m_frames.waitForId(frame["id"], timeoutMs);
}

std::deque<Json> TestClient::take(const std::string &type)
{
    return m_frames.take(type);
}

bool TestClient::has(const std::string &type) const
{
    return m_frames.has(type);
}

int TestClient::waitClosed(int timeoutMs)
{
    if (!spinUntil([this] { return m_closed; }, timeoutMs))
        return -1;
    return static_cast<int>(m_socket.closeCode());
}

} // namespace roomcast::test
