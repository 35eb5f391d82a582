#pragma once

// Shared by the model tests: a real in-process node, a Session with its own outbox file,
// and peers (real WebSocket clients) that chat, type and come and go.
#include "serverfixture.h"
#include "testclient.h"

#include "models/session.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <string>
#include <vector>

namespace roomcast::test {

struct UiFixture
{
    ServerFixture server;
    QTemporaryDir dir;
    std::unique_ptr<models::Session> session;
    std::vector<std::unique_ptr<TestClient>> peers;

    //! A Session that is not connected yet (its outbox lives in the fixture's directory).
    models::Session *makeSession()
    {
        models::Session::Options options;
        options.outboxPath = dir.filePath(QStringLiteral("outbox.sqlite"));
        session = std::make_unique<models::Session>(options);
        return session.get();
    }

    QString token(const std::string &user, const std::string &name = {}) const
    {
        return QString::fromStdString(server.token(user, 3600, std::nullopt, true, name));
    }

    //! Starts the node and connects a Session as `you`; joins `rooms` and waits until each
    //! has shown its history.
    bool start(const QStringList &rooms = {QStringLiteral("general")})
    {
        if (!server.server && !server.start())
            return false;
        if (!session)
            makeSession();
        for (const QString &room : rooms)
            session->join(room);
        session->start(server.url(), token("you", "You"));
        return QTest::qWaitFor([&] { return session->connected() && session->roomsLoaded(); },
                               5000);
    }

    //! Another user, connected and subscribed to `rooms`.
    TestClient *peer(const std::string &user, const std::string &name,
                     const std::vector<std::string> &rooms = {"general"})
    {
        auto client = std::make_unique<TestClient>();
        if (!client->connectAndHello(server.url(),
                                     server.token(user, 3600, std::nullopt, true, name)))
            return nullptr;
        for (const std::string &room : rooms) {
            if (!client->request({{"type", "subscribe"}, {"room", room}}))
                return nullptr;
        }
        peers.push_back(std::move(client));
        return peers.back().get();
    }

    //! Publishes a message as `client` and waits for its ack.
    static bool publish(TestClient *client, const std::string &room, const std::string &kind,
                        const Json &body)
    {
        auto reply =
            client->request({{"type", "publish"}, {"room", room}, {"kind", kind}, {"body", body}});
        return reply && reply->value("type", "") == "ack";
    }
    static bool say(TestClient *client, const std::string &room, const std::string &text)
    {
        return publish(client, room, "chat", {{"text", text}});
    }
};

} // namespace roomcast::test
