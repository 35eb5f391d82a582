#pragma once

#include <nlohmann/json.hpp>

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace roomcast::test {

//! Spins the event loop until `done` returns true or `timeoutMs` has passed; false on timeout.
bool spinUntil(const std::function<bool()> &done, int timeoutMs);

//! The JSON frames a test client has received and not yet consumed, in arrival order. Tests
//! wait for a frame of a given type (or id) with a timeout while the event loop runs, so no
//! sleeps are needed; frames that do not match stay queued.
class FrameQueue
{
public:
    using Json = nlohmann::json;

    void push(Json frame) { m_frames.push_back(std::move(frame)); }
    //! Parses the text of a text frame and queues it; text that is not JSON is dropped.
    void pushText(std::string_view text);

    //! Waits until a frame with this `type` (and `id`, when not null) is queued; removes and
    //! returns the first one. nullopt on timeout.
    std::optional<Json> waitFor(const std::string &type, int timeoutMs, const Json &id = nullptr);
    //! Waits until a frame of any type with this `id` is queued; removes and returns it.
    std::optional<Json> waitForId(const Json &id, int timeoutMs);
    //! Removes and returns every queued frame of this type (no waiting).
    std::deque<Json> take(const std::string &type);
    //! True if a frame of this type is queued now (no waiting).
    bool has(const std::string &type) const;

    const std::deque<Json> &frames() const { return m_frames; }

private:
    //! Waits until a queued frame satisfies `match`; removes and returns the first that does.
    std::optional<Json> waitUntilQueued(const std::function<bool(const Json &)> &match,
                                        int timeoutMs);

    std::deque<Json> m_frames;
};

} // namespace roomcast::test
