#include "framequeue.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTest>

namespace roomcast::test {

bool spinUntil(const std::function<bool()> &done, int timeoutMs)
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

void FrameQueue::pushText(std::string_view text)
{
    Json frame = Json::parse(text.begin(), text.end(), nullptr, false);
    if (!frame.is_discarded())
        push(std::move(frame));
}

std::optional<FrameQueue::Json>
FrameQueue::waitUntilQueued(const std::function<bool(const Json &)> &match, int timeoutMs)
{
    std::optional<Json> found;
    spinUntil(
        [&] {
            for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
                if (!match(*it))
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

std::optional<FrameQueue::Json> FrameQueue::waitFor(const std::string &type, int timeoutMs,
                                                    const Json &id)
{
    return waitUntilQueued(
        [&](const Json &frame) {
            return frame.value("type", "") == type &&
                   (id.is_null() || (frame.contains("id") && frame["id"] == id));
        },
        timeoutMs);
}

std::optional<FrameQueue::Json> FrameQueue::waitForId(const Json &id, int timeoutMs)
{
    return waitUntilQueued(
        [&](const Json &frame) { return frame.contains("id") && frame["id"] == id; }, timeoutMs);
}

std::deque<FrameQueue::Json> FrameQueue::take(const std::string &type)
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

bool FrameQueue::has(const std::string &type) const
{
    for (const Json &f : m_frames)
        if (f.value("type", "") == type)
            return true;
    return false;
}

} // namespace roomcast::test
