#include "benchclient.h"

#include "frametext.h"

namespace roomcast::bench {

namespace {
constexpr qint64 kMaxMessageBytes = 1 << 20; // QtWebSockets 6.4 defaults to ~2 GiB
}

BenchClient::BenchClient(int index, Handlers handlers, QObject *parent)
    : QObject(parent), m_handlers(std::move(handlers)), m_index(index)
{
    m_socket.setMaxAllowedIncomingMessageSize(kMaxMessageBytes);
    m_socket.setMaxAllowedIncomingFrameSize(kMaxMessageBytes);
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_socket.sendTextMessage(m_hello); });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &BenchClient::onText);
    connect(&m_socket, &QWebSocket::disconnected, this, &BenchClient::onDisconnected);
}

void BenchClient::open(const QUrl &url, const QString &token)
{
    m_hello = QStringLiteral(R"({"type":"hello","protocol":1,"token":")") + token +
              QStringLiteral(R"(","client":"roomcast-bench"})");
    m_socket.open(url);
}

void BenchClient::abort()
{
    m_aborting = true;
    m_socket.abort();
}

void BenchClient::onText(const QString &text)
{
    if (m_welcomed) {
        m_handlers.frame(*this, text);
        return;
    }
    if (hasType(text, u"welcome")) {
        m_welcomed = true;
        m_hello.clear(); // holds the token
        m_handlers.ready(*this);
    } else if (hasType(text, u"error")) {
        m_handlers.failed(*this, text); // the server's error frame names no token
    }
}

void BenchClient::onDisconnected()
{
    if (m_aborting)
        return;
    m_handlers.failed(*this, QStringLiteral("connection closed (%1 %2): %3")
                                 .arg(static_cast<int>(m_socket.closeCode()))
                                 .arg(m_socket.closeReason(), m_socket.errorString()));
}

} // namespace roomcast::bench
