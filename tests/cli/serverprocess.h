#pragma once

#include <QProcess>
#include <QUrl>

#include <optional>

namespace roomcast::test {

//! The real `roomcast-server` binary as a child process, for the tests of its contract as a
//! program: the listening line, exit statuses, signals.
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    //! Starts with `args` and waits for the listening line; false if it exited or timed out.
    bool start(const QStringList &args, int timeoutMs = 10000);
    //! Runs to completion (for bad starts and the token subcommand); returns the exit code.
    int run(const QStringList &args, int timeoutMs = 10000);

    QUrl url() const { return m_url; }
    //! The listening line's `http=` URL (--http-port), else empty.
    QUrl httpUrl() const { return m_httpUrl; }
    QString listeningLine() const { return m_line; }
    QString nodeId() const { return m_nodeId; }
    QByteArray stdErr();
    QByteArray stdOut();
    QProcess &process() { return m_process; }
    static QString binary();

private:
    QProcess m_process;
    QByteArray m_out;
    QString m_line;
    QString m_nodeId;
    QUrl m_url;
    QUrl m_httpUrl;
};

} // namespace roomcast::test
