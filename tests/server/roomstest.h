#pragma once

// What the room tests share: helpers to publish, subscribe and recover, and a fixture
// whose node publishes without a rate limit (tst_publish covers the limit).
#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QStringList>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roomcast::test {

//! "id:name" of each user, sorted.
inline QStringList usersOf(const Json &users)
{
    QStringList out;
    if (users.is_array())
        for (const Json &u : users)
            out.append(str(at(u, "id")) + QLatin1Char(':') + str(at(u, "name")));
    out.sort();
    return out;
}

//! Publishes `count` chat messages "m<first>".."m<first+count-1>" without waiting, then waits
//! for every ack. False if one is missing.
inline bool publishMany(TestClient &c, const std::string &room, int count, int first = 1)
{
    std::vector<int> ids;
    ids.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const int id = c.nextId();
        c.send({{"type", "publish"},
                {"id", id},
                {"room", room},
                {"kind", "chat"},
                {"body", {{"text", "m" + std::to_string(first + i)}}}});
        ids.push_back(id);
    }
    for (int id : ids)
        if (!c.waitFor("ack", 10000, id))
            return false;
    return true;
}

inline Json subscribeFrame(const std::string &room, const Json &extra = Json::object())
{
    Json frame = {{"type", "subscribe"}, {"room", room}};
    frame.update(extra);
    return frame;
}

//! A node per test function (start() in init, reset in cleanup) and the room helpers.
class RoomsTest : public QObject
{
protected:
    bool startNode()
    {
        m_fx = std::make_unique<ServerFixture>();
        // Bulk publishing must not hit the publish rate limit (tst_publish covers it).
        m_fx->config.publishRate = 1e6;
        m_fx->config.publishBurst = 1000000;
        if (!m_fx->start()) {
            qWarning("start failed: %s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    std::unique_ptr<TestClient> client(const std::string &user,
                                       std::optional<std::vector<std::string>> rooms = std::nullopt,
                                       bool pub = true)
    {
        return m_fx->helloClient(user, std::move(rooms), pub);
    }

    //! The room's epoch as a subscribe tells it (then unsubscribes again).
    std::string epochOf(TestClient &c, const std::string &room)
    {
        const Json r = reply(c.request(subscribeFrame(room, {{"limit", 1}})));
        c.request({{"type", "unsubscribe"}, {"room", room}});
        return at(r, "epoch").is_string() ? at(r, "epoch").get<std::string>() : std::string();
    }

    //! bob publishes `count` chat messages "m1".."m<count>" to "general", then disconnects.
    //! Returns the room's epoch; empty on failure.
    std::string publishToGeneral(int count)
    {
        auto bob = client("bob");
        if (!bob || !publishMany(*bob, "general", count))
            return {};
        return epochOf(*bob, "general");
    }

    //! alice's reply to a subscribe to "general" that asks for recovery after `seq` of `epoch`
    //! (a null Json when alice cannot connect).
    Json subscribeToGeneralSince(const std::string &epoch, int seq, int limit)
    {
        auto alice = client("alice");
        if (!alice)
            return Json();
        return reply(alice->request(subscribeFrame(
            "general", {{"since", {{"epoch", epoch}, {"seq", seq}}}, {"limit", limit}})));
    }

    //! Stops the node and starts a new one on the same data directory.
    bool restart(const std::function<void(server::ServerConfig &)> &adjust = {})
    {
        m_fx->stop();
        if (adjust)
            adjust(m_fx->config);
        if (!m_fx->start()) {
            qWarning("restart failed: %s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    std::unique_ptr<ServerFixture> m_fx;
};

} // namespace roomcast::test
