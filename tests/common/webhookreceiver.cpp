#include "webhookreceiver.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

namespace roomcast::test {

std::optional<QByteArray> WebhookReceiver::Request::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return std::nullopt;
}

WebhookReceiver::WebhookReceiver(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &WebhookReceiver::onConnection);
}

bool WebhookReceiver::listen(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void WebhookReceiver::stop()
{
    m_server.close();
}

QByteArray WebhookReceiver::url(const QByteArray &path) const
{
    return "http://127.0.0.1:" + QByteArray::number(m_port) + path;
}

void WebhookReceiver::script(std::initializer_list<int> statuses)
{
    m_script.insert(m_script.end(), statuses);
}

std::vector<WebhookReceiver::Request> WebhookReceiver::accepted() const
{
    std::vector<Request> out;
    for (const Request &r : m_requests)
        if (r.answered >= 200 && r.answered < 300)
            out.push_back(r);
    return out;
}

bool WebhookReceiver::waitRequests(std::size_t n, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return m_requests.size() >= n; }, timeoutMs);
}

void WebhookReceiver::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            request.method = requestLine.value(0);
            request.path = requestLine.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed().toLower();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name == "content-length")
                    length = value.toLongLong();
            }
            if (buffer->size() < end + 4 + length)
                return; // the body is still coming
            request.body = buffer->mid(end + 4, length);
            buffer->clear();
            request.answered = m_script.empty() ? 200 : m_script.front();
            if (!m_script.empty())
                m_script.pop_front();
            const QByteArray status = QByteArray::number(request.answered);
            socket->write("HTTP/1.1 " + status +
                          " Scripted\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
            m_requests.push_back(std::move(request));
        });
    }
}

} // namespace roomcast::test
