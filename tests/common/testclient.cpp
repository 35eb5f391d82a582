#include "testclient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTest>

namespace roomcast::test {

namespace {
//! Spins the event loop until `done` or the deadline.
template <typename F> bool spinUntil(F done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(1);
    }
    return true;
}
} // namespace

TestClient::TestClient(QObject *parent) : QObject(parent)
{
    m_socket.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        Json frame = Json::parse(text.toStdString(), nullptr, false);
        if (!frame.is_discarded())
            m_frames.push_back(std::move(frame));
    });
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
    std::optional<Json> found;
    spinUntil(
        [&] {
            for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
                if (it->value("type", "") != type)
                    continue;
                if (!id.is_null() && (!it->contains("id") || (*it)["id"] != id))
                    continue;
                found = std::move(*it);
                m_frames.erase(it);
                return true;
            }
            return false;
        },
        timeoutMs);
    return found;
}

std::optional<Json> TestClient::request(Json frame, int timeoutMs)
{
    if (!frame.contains("id"))
        frame["id"] = nextId();
    const Json id = frame["id"];
    send(frame);
    std::optional<Json> found;
    spinUntil(
        [&] {
            for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
                if (it->contains("id") && (*it)["id"] == id) {
                    found = std::move(*it);
                    m_frames.erase(it);
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

std::deque<Json> TestClient::take(const std::string &type)
{
    std::deque<Json> out;
    for (auto it = m_frames.begin(); it != m_frames.end();) {
        if (it->value("type", "") == type) {
            out.push_back(std::move(*it));
            it = m_frames.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

bool TestClient::has(const std::string &type) const
{
    for (const Json &f : m_frames)
        if (f.value("type", "") == type)
            return true;
    return false;
}

int TestClient::waitClosed(int timeoutMs)
{
    if (!spinUntil([this] { return m_closed; }, timeoutMs))
        return -1;
    return static_cast<int>(m_socket.closeCode());
}

} // namespace roomcast::test
