// Shared by the publish tests (tst_publish, tst_publishkinds, tst_publishrules): frames and a
// connected client.
#pragma once

#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roomcast::test {

inline Json chat(const std::string &room, const std::string &text,
                 const std::string &clientMsgId = {})
{
    Json frame = {
        {"type", "publish"}, {"room", room}, {"kind", "chat"}, {"body", {{"text", text}}}};
    if (!clientMsgId.empty())
        frame["client_msg_id"] = clientMsgId;
    return frame;
}

inline std::string repeat(const std::string &unit, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += unit;
    return out;
}

inline const std::string kEAcute = "\xC3\xA9";        // U+00E9, 2 bytes in UTF-8
inline const std::string kEmoji = "\xF0\x9F\x98\x80"; // U+1F600, 4 bytes, a UTF-16 surrogate pair

//! The messages of a room as a history request returns them (up to 500).
inline Json historyOf(TestClient &c, const std::string &room)
{
    return at(reply(c.request({{"type", "history"}, {"room", room}, {"limit", 500}})), "messages");
}

//! A node whose publish rate limit bulk publishing never hits, and its clients. Mixed into
//! the test classes (`private PublishRig`), so their tests read as before.
class PublishRig
{
protected:
    bool startRig()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.publishRate = 1e6;
        m_fx->config.publishBurst = 1000000;
        return m_fx->start();
    }
    void releaseRig() { m_fx.reset(); }

    //! A client that said hello with a token for `user` (null if that failed).
    std::unique_ptr<TestClient> client(const std::string &user,
                                       std::optional<std::vector<std::string>> rooms = std::nullopt,
                                       bool pub = true)
    {
        return m_fx->helloClient(user, std::move(rooms), pub);
    }

    std::unique_ptr<ServerFixture> m_fx;
};

} // namespace roomcast::test
