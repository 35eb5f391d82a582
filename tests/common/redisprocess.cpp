#include "redisprocess.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

#include <csignal>
#include <sys/types.h>

namespace roomcast::test {

namespace {
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}
} // namespace

RedisProcess::RedisProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

RedisProcess::~RedisProcess()
{
    kill();
}

bool RedisProcess::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty();
}

bool RedisProcess::start()
{
    if (!available()) {
        lastError = QStringLiteral("redis-server is not installed (scripts/install-deps.sh)");
        return false;
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (m_port == 0 || attempt > 0)
            m_port = freePort();
        m_process.start(QStringLiteral("redis-server"),
                        {QStringLiteral("--port"), QString::number(m_port),
                         QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--dir"), m_dir.path(), QStringLiteral("--appendonly"),
                         QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                         QStringLiteral("always"), QStringLiteral("--save"), QString(),
                         QStringLiteral("--daemonize"), QStringLiteral("no"),
                         QStringLiteral("--loglevel"), QStringLiteral("warning")});
        if (!m_process.waitForStarted(5000)) {
            lastError = m_process.errorString();
            return false;
        }
        // Ready once it answers a PING.
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            if (socket.waitForConnected(200)) {
                socket.write("PING\r\n");
                if (socket.waitForReadyRead(1000) && socket.readAll().startsWith("+PONG"))
                    return true;
            } else {
                m_process.waitForReadyRead(50); // wakes on its output, or after 50 ms
            }
        }
        lastError = QString::fromLocal8Bit(m_process.readAll());
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    return false;
}

void RedisProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void RedisProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

void RedisProcess::freeze()
{
    ::kill(static_cast<pid_t>(m_process.processId()), SIGSTOP);
}

void RedisProcess::thaw()
{
    ::kill(static_cast<pid_t>(m_process.processId()), SIGCONT);
}

bool RedisProcess::flushAll()
{
    return cli({QStringLiteral("FLUSHALL")});
}

bool RedisProcess::cli(const QStringList &args)
{
    QProcess cli;
    cli.start(QStringLiteral("redis-cli"),
              QStringList{QStringLiteral("-p"), QString::number(m_port)} + args);
    return cli.waitForFinished(5000) && cli.exitCode() == 0;
}

QString RedisProcess::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port);
}

} // namespace roomcast::test
