#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

namespace roomcast::test {

ServerProcess::ServerProcess()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ROOMCAST_SECRET"));
    m_process.setProcessEnvironment(env);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ServerProcess::binary()
{
    return QStringLiteral(ROOMCAST_SERVER_BIN);
}

bool ServerProcess::start(const QStringList &args, int timeoutMs)
{
    static const QRegularExpression re(QStringLiteral(
        "^roomcast-server listening on (ws://[^ ]+/ws) node=(\\S+)(?: http=(\\S+))?$"));
    m_process.start(binary(), args);
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.canReadLine()) {
            const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
            m_out += line.toUtf8() + '\n';
            const auto match = re.match(line);
            if (match.hasMatch()) {
                m_line = line;
                m_url = QUrl(match.captured(1));
                m_nodeId = match.captured(2);
                m_httpUrl = QUrl(match.captured(3));
                return true;
            }
            continue;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.waitForReadyRead(100);
    }
    return false;
}

int ServerProcess::run(const QStringList &args, int timeoutMs)
{
    m_process.start(binary(), args);
    if (!m_process.waitForFinished(timeoutMs))
        return -1;
    m_out += m_process.readAllStandardOutput();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QByteArray ServerProcess::stdErr()
{
    return m_process.readAllStandardError();
}

QByteArray ServerProcess::stdOut()
{
    m_out += m_process.readAllStandardOutput();
    return m_out;
}

} // namespace roomcast::test
