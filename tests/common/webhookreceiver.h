#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <deque>
#include <optional>
#include <vector>

namespace roomcast::test {

//! A real HTTP server on loopback that receives webhooks: it records each request (method,
//! path, headers, body) and answers with the next scripted status (200 once the script is
//! used up), `Connection: close`. Can stop listening and listen again on the same port, to
//! play a receiver that was down.
class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers; //!< names lower-cased
        QByteArray body;
        int answered = 0; //!< the status it got
        std::optional<QByteArray> header(const QByteArray &lowerName) const;
    };

    explicit WebhookReceiver(QObject *parent = nullptr);
    //! Listens on `port` (0: a free one); false when it cannot.
    bool listen(quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    QByteArray url(const QByteArray &path = "/hook") const;
    //! The statuses of the next requests, in order.
    void script(std::initializer_list<int> statuses);
    const std::vector<Request> &requests() const { return m_requests; }
    //! Requests answered with a 2xx.
    std::vector<Request> accepted() const;
    bool waitRequests(std::size_t n, int timeoutMs = 10000) const;

private:
    void onConnection();

    QTcpServer m_server;
    quint16 m_port = 0;
    std::deque<int> m_script;
    std::vector<Request> m_requests;
};

} // namespace roomcast::test
