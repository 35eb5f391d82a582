// Shared by tst_presence and tst_typing: a node and the clients a test connects, owned here.
// Mixed into the test classes (`private PresenceRig`), so their tests read as before.
#pragma once

#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QStringList>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace roomcast::test {

constexpr int kShortGraceMs = 800;

//! The user ids of a `users` / `presence` array, in the order given.
inline QStringList ids(const Json &users)
{
    QStringList out;
    if (!users.is_array())
        return {QStringLiteral("<not an array: %1>").arg(js(users))};
    for (const Json &u : users)
        out << str(u.value("id", Json()));
    return out;
}

class PresenceRig
{
protected:
    void prepareRig()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.presenceGraceMs = 5000; // clean leaves must not wait for it
    }
    void releaseRig()
    {
        m_clients.clear();
        m_fx.reset();
    }

    bool start(int graceMs = 5000)
    {
        m_fx->config.presenceGraceMs = graceMs;
        if (!m_fx->start()) {
            qWarning("%s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    //! A connected, welcomed client owned by the test; nullptr on failure.
    TestClient *client(const std::string &user, const std::string &name = {})
    {
        auto c = std::make_unique<TestClient>();
        if (!c->connectAndHello(m_fx->url(), m_fx->token(user, 3600, std::nullopt, true, name)))
            return nullptr;
        m_clients.push_back(std::move(c));
        return m_clients.back().get();
    }

    static std::optional<Json> subscribe(TestClient *c, const std::string &room)
    {
        auto reply = c->request({{"type", "subscribe"}, {"room", room}});
        if (!reply || reply->value("type", "") != "subscribed")
            return std::nullopt;
        return reply;
    }

    //! alice and bob, both subscribed to "general", with alice's join for bob consumed;
    //! {nullptr, nullptr} on failure.
    std::pair<TestClient *, TestClient *> aliceAndBobInGeneral()
    {
        TestClient *alice = client("alice");
        TestClient *bob = client("bob");
        if (!alice || !bob || !subscribe(alice, "general") || !subscribe(bob, "general") ||
            !alice->waitFor("join"))
            return {nullptr, nullptr};
        return {alice, bob};
    }

    static QStringList presenceOf(TestClient *c, const std::string &room)
    {
        auto reply = c->request({{"type", "presence"}, {"room", room}});
        if (!reply || reply->value("type", "") != "presence")
            return {QStringLiteral("<no presence reply>")};
        return ids((*reply)["users"]);
    }

    std::unique_ptr<ServerFixture> m_fx;
    std::vector<std::unique_ptr<TestClient>> m_clients;
};

} // namespace roomcast::test
