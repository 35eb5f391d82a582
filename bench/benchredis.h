#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <utility>

namespace roomcast::bench {

//! A fresh `redis-server` on a free loopback port with its own directory, append-only file
//! on, fsync as asked (`always` is what the tests and resources/ use). Killed when destroyed.
//! Like tests/common/redisprocess.h, but with the fsync policy as a parameter.
class BenchRedis
{
public:
    explicit BenchRedis(QString appendfsync);
    ~BenchRedis();
    BenchRedis(const BenchRedis &) = delete;
    BenchRedis &operator=(const BenchRedis &) = delete;

    //! Starts and waits until it answers PING; false with `error` set when it could not.
    bool start(QString *error);
    QString url() const; //!< redis://127.0.0.1:PORT/0
    qint64 pid() const { return m_process.processId(); }
    quint16 port() const { return m_port; }

    static bool available();
    static QString version(); //!< "7.0.15", or empty
    //! EVAL calls so far and the microseconds Redis spent inside them (INFO commandstats):
    //! the script's own cost, without reading, replying or the AOF fsync. A blocking call.
    static std::pair<double, double> evalStats(quint16 port);

private:
    QString m_appendfsync;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace roomcast::bench
