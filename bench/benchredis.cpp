#include "benchredis.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

namespace roomcast::bench {

namespace {
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool answersPing(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(200))
        return false;
    socket.write("PING\r\n");
    return socket.waitForReadyRead(1000) && socket.readAll().startsWith("+PONG");
}
} // namespace

BenchRedis::BenchRedis(QString appendfsync) : m_appendfsync(std::move(appendfsync))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

BenchRedis::~BenchRedis()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool BenchRedis::available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty();
}

QString BenchRedis::version()
{
    QProcess probe;
    probe.start(QStringLiteral("redis-server"), {QStringLiteral("--version")});
    if (!probe.waitForFinished(5000))
        return {};
    const auto match = QRegularExpression(QStringLiteral("v=([0-9.]+)"))
                           .match(QString::fromLocal8Bit(probe.readAllStandardOutput()));
    return match.hasMatch() ? match.captured(1) : QString();
}

bool BenchRedis::start(QString *error)
{
    if (!available()) {
        *error = QStringLiteral("redis-server is not installed (scripts/install-deps.sh)");
        return false;
    }
    for (int attempt = 0; attempt < 5; ++attempt) { // a free port may be taken meanwhile
        m_port = freePort();
        m_process.start(
            QStringLiteral("redis-server"),
            {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
             QStringLiteral("127.0.0.1"), QStringLiteral("--dir"), m_dir.path(),
             QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
             m_appendfsync, QStringLiteral("--save"), QString(), QStringLiteral("--daemonize"),
             QStringLiteral("no"), QStringLiteral("--loglevel"), QStringLiteral("warning")});
        if (!m_process.waitForStarted(5000)) {
            *error = m_process.errorString();
            return false;
        }
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (answersPing(m_port))
                return true;
            m_process.waitForReadyRead(50); // wakes on its output, or after 50 ms
        }
        *error = QString::fromLocal8Bit(m_process.readAll());
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    return false;
}

std::pair<double, double> BenchRedis::evalStats(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(1000))
        return {};
    socket.write("INFO commandstats\r\n");
    QByteArray reply;
    // A bulk string: "$<length>\r\n<text>\r\n".
    while (socket.waitForReadyRead(1000)) {
        reply += socket.readAll();
        const qsizetype headerEnd = reply.indexOf("\r\n");
        if (reply.startsWith('$') && headerEnd > 0 &&
            reply.size() >= headerEnd + 2 + reply.mid(1, headerEnd - 1).toLongLong() + 2)
            break;
    }
    const auto match = QRegularExpression(QStringLiteral("cmdstat_eval:calls=(\\d+),usec=(\\d+)"))
                           .match(QString::fromLatin1(reply));
    if (!match.hasMatch())
        return {};
    return {match.captured(1).toDouble(), match.captured(2).toDouble()};
}

QString BenchRedis::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port);
}

} // namespace roomcast::bench
