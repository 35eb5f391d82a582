#include "scenario.h"

#include <QThread>
#include <QTimer>

namespace roomcast::bench {

Scenario::Scenario(int timeoutMs) : m_deadline(new QTimer(this)), m_timeoutMs(timeoutMs)
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this,
            [this] { fail(QStringLiteral("did not finish within %1 s").arg(m_timeoutMs / 1000)); });
}

Scenario::~Scenario() = default;

void Scenario::start()
{
    m_clock.start();
    m_deadline->start(m_timeoutMs);
    begin();
}

void Scenario::release(QThread *home)
{
    for (const auto &client : m_clients)
        client->abort();
    m_clients.clear();
    moveToThread(home);
}

BenchClient &Scenario::addClient(const QUrl &url, const QString &token, FrameHandler frame)
{
    const int index = static_cast<int>(m_clients.size());
    BenchClient::Handlers handlers;
    handlers.ready = [this](BenchClient &) {
        if (--m_waitingForWelcome == 0 && m_allReady)
            m_allReady();
    };
    handlers.frame = std::move(frame);
    handlers.failed = [this](BenchClient &c, const QString &why) {
        fail(QStringLiteral("client %1: %2").arg(c.index()).arg(why));
    };
    m_clients.push_back(std::make_unique<BenchClient>(index, std::move(handlers)));
    ++m_waitingForWelcome;
    m_clients.back()->open(url, token);
    return *m_clients.back();
}

void Scenario::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_deadline->stop();
    Q_EMIT finished();
}

void Scenario::fail(const QString &message)
{
    if (m_done)
        return;
    m_error = message;
    finish();
}

} // namespace roomcast::bench
