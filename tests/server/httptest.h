#pragma once

// Shared by the HTTP route tests (tst_http, tst_httppublish): request builders, readers of
// the replies, and a fixture that runs one in-process node per test.
#include "httpexchange.h"
#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QUrl>

#include <functional>
#include <memory>

namespace roomcast::test::httptest {

constexpr int kHandshakeTimeoutMs = 400;

inline Json chatBody(const std::string &text, const std::string &clientMsgId = {})
{
    Json body = {{"kind", "chat"}, {"body", {{"text", text}}}};
    if (!clientMsgId.empty())
        body["client_msg_id"] = clientMsgId;
    return body;
}

inline QByteArray bytesOf(const Json &json)
{
    return QByteArray::fromStdString(json.dump());
}

inline QByteArray postRequest(const QByteArray &room, const QByteArray &body,
                              const std::string &token)
{
    QList<QByteArray> headers{QByteArrayLiteral("Content-Type: application/json")};
    if (!token.empty())
        headers << "Authorization: Bearer " + QByteArray::fromStdString(token);
    return HttpExchange::request("POST", "/api/rooms/" + room + "/messages", headers, body);
}

//! "<status> <body>" for failure messages.
inline QByteArray describe(const HttpReply &r)
{
    return QByteArray::number(r.status) + ' ' + r.body.left(400);
}

//! The value of one Prometheus sample line (`name{labels} value`), or "<absent>".
inline QString sampleOf(const QByteArray &exposition, const QByteArray &nameAndLabels)
{
    for (const QByteArray &line : exposition.split('\n'))
        if (line.startsWith(nameAndLabels + ' '))
            return QString::fromLatin1(line.mid(nameAndLabels.size() + 1));
    return QStringLiteral("<absent>");
}

//! One node per test, its HTTP URL, and whether a room stayed empty.
class NodeFixture
{
protected:
    bool start(const std::function<void(roomcast::server::ServerConfig &)> &configure = {})
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.publishRate = 1e6; // tests that count on the limit set their own
        m_fx->config.publishBurst = 1000000;
        if (configure)
            configure(m_fx->config);
        if (!m_fx->start()) {
            qWarning("%s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    QUrl http() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_fx->server->port());
        return url;
    }

    //! A chat message POSTed as `writer`; true once stored (201).
    bool publish(const std::string &room, const std::string &text)
    {
        return HttpExchange::send(http(),
                                  postRequest(QByteArray::fromStdString(room),
                                              bytesOf(chatBody(text)), m_fx->token("writer")))
                   .status == 201;
    }
    //! The room's epoch, as a subscriber learns it.
    std::string roomEpoch(const std::string &room)
    {
        TestClient c;
        if (!c.connectAndHello(m_fx->url(), m_fx->token("probe")))
            return {};
        return reply(c.request({{"type", "subscribe"}, {"room", room}, {"limit", 1}}))
            .value("epoch", "");
    }
    //! One sample of GET /metrics (see sampleOf).
    QString metric(const QByteArray &nameAndLabels)
    {
        return sampleOf(HttpExchange::send(http(), HttpExchange::request("GET", "/metrics")).body,
                        nameAndLabels);
    }
    //! True when `room` has no message: whatever was refused was not stored either.
    bool nothingStored(const std::string &room)
    {
        TestClient reader;
        if (!reader.connectAndHello(m_fx->url(), m_fx->token("reader")))
            return false;
        const Json history = reply(reader.request({{"type", "history"}, {"room", room}}));
        const Json messages = at(history, "messages");
        return at(history, "type") == "history" && messages.is_array() && messages.empty();
    }

    std::unique_ptr<ServerFixture> m_fx;
};

} // namespace roomcast::test::httptest
