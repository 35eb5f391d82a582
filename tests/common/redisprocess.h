#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace roomcast::test {

//! A real `redis-server` for cluster tests: a free loopback port, its own directory, and the
//! durability a Roomcast cluster asks for (append-only file, fsync on every write), so a
//! restart keeps what was acknowledged. Stopped (SIGKILL) when destroyed.
class RedisProcess
{
public:
    RedisProcess();
    ~RedisProcess();

    //! Starts on a free port (or the same port again after stop()); waits until it accepts
    //! connections. False with `lastError` set when it could not.
    bool start();
    //! SIGTERM and wait: Redis saves and exits (what a restart by an operator does).
    void stop();
    //! SIGKILL: a crash.
    void kill();
    //! SIGSTOP / SIGCONT: Redis stops answering while its connections stay open (what a
    //! silent network cut looks like from a node).
    void freeze();
    void thaw();
    //! FLUSHALL: as if Redis came back empty.
    bool flushAll();

    //! Runs one redis-cli command against it; true when redis-cli succeeded.
    bool cli(const QStringList &args);

    QString url() const; //!< redis://127.0.0.1:PORT/0
    quint16 port() const { return m_port; }
    static bool available(); //!< redis-server is installed
    QString lastError;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace roomcast::test
