#include "program/hostwatch.h"

#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <sys/statvfs.h>

namespace roomcast::server {

HostProbe HostProbe::system()
{
    HostProbe probe;
    probe.failedUnits = [](std::function<void(QStringList)> done) {
        const QString systemctl = QStandardPaths::findExecutable(QStringLiteral("systemctl"));
        if (systemctl.isEmpty() || !QFileInfo::exists(QStringLiteral("/run/systemd/system"))) {
            done({}); // no systemd running here: nothing can have failed
            return;
        }
        auto *process = new QProcess;
        QObject::connect(process, &QProcess::finished, process, [process, done] {
            QStringList units;
            const QList<QByteArray> lines = process->readAllStandardOutput().split('\n');
            for (const QByteArray &line : lines) {
                const QByteArray unit = line.simplified().split(' ').value(0);
                if (!unit.isEmpty())
                    units.append(QString::fromUtf8(unit));
            }
            done(units);
            process->deleteLater();
        });
        QObject::connect(process, &QProcess::errorOccurred, process, [process, done] {
            if (process->state() == QProcess::NotRunning) { // failed to start
                done({});
                process->deleteLater();
            }
        });
        process->start(systemctl, {QStringLiteral("--failed"), QStringLiteral("--plain"),
                                   QStringLiteral("--no-legend"), QStringLiteral("--no-pager")});
    };
    probe.diskUsedPercent = [](const QString &path) -> std::optional<double> {
        struct statvfs fs
        {
        };
        if (::statvfs(QFile::encodeName(path).constData(), &fs) != 0 || fs.f_blocks == 0)
            return std::nullopt;
        // As df counts it: used / (used + available to users).
        const double used = double(fs.f_blocks - fs.f_bfree);
        const double usable = used + double(fs.f_bavail);
        return usable > 0 ? 100.0 * used / usable : std::optional<double>();
    };
    probe.load1 = []() -> std::optional<double> {
        QFile loadavg(QStringLiteral("/proc/loadavg"));
        if (!loadavg.open(QIODevice::ReadOnly))
            return std::nullopt;
        bool ok = false;
        const double load = loadavg.readAll().split(' ').value(0).toDouble(&ok);
        return ok ? std::optional<double>(load) : std::nullopt;
    };
    probe.cpus = [] { return std::max(1, QThread::idealThreadCount()); };
    return probe;
}

HostWatch::HostWatch(HostProbe probe, QStringList paths, int intervalMs, QObject *parent)
    : QObject(parent), m_probe(std::move(probe)), m_paths(std::move(paths))
{
    connect(&m_timer, &QTimer::timeout, this, &HostWatch::check);
    m_timer.start(intervalMs);
    QMetaObject::invokeMethod(this, &HostWatch::check, Qt::QueuedConnection);
}

void HostWatch::check()
{
    for (const QString &path : std::as_const(m_paths)) {
        const std::optional<double> used = m_probe.diskUsedPercent(path);
        if (!used)
            continue;
        const QString pct = QString::number(*used, 'f', 0);
        if (*used >= kDiskFullPercent && !m_fullDisks.contains(path)) {
            m_fullDisks.insert(path);
            Q_EMIT alert(QStringLiteral("Disk %1 is %2 % full").arg(path, pct),
                         QStringLiteral("Over %1 % in use on this host.").arg(kDiskFullPercent),
                         QStringLiteral("warning"));
        } else if (*used < kDiskBackPercent && m_fullDisks.remove(path)) {
            Q_EMIT alert(QStringLiteral("Disk %1 is back to %2 %").arg(path, pct), QString(),
                         QStringLiteral("success"));
        }
    }

    if (const std::optional<double> load = m_probe.load1()) {
        const int cpus = m_probe.cpus();
        const QString text = QStringLiteral("1-minute load %1 on %2 CPUs")
                                 .arg(QString::number(*load, 'f', 2))
                                 .arg(cpus);
        if (!m_loadHigh && *load > 2.0 * cpus) {
            m_loadHigh = true;
            Q_EMIT alert(QStringLiteral("Load spike on this host"), text,
                         QStringLiteral("warning"));
        } else if (m_loadHigh && *load < double(cpus)) {
            m_loadHigh = false;
            Q_EMIT alert(QStringLiteral("Load is back to normal"), text, QStringLiteral("info"));
        }
    }

    if (m_unitsPending)
        return; // the previous systemctl has not answered yet
    m_unitsPending = true;
    QPointer<HostWatch> self(this);
    m_probe.failedUnits([self](const QStringList &units) {
        if (self)
            self->onFailedUnits(units);
    });
}

void HostWatch::onFailedUnits(const QStringList &units)
{
    m_unitsPending = false;
    const QSet<QString> now(units.cbegin(), units.cend());
    for (const QString &unit : units)
        if (!m_failed.contains(unit))
            Q_EMIT alert(QStringLiteral("%1 failed").arg(unit),
                         QStringLiteral("systemctl status %1 says why.").arg(unit),
                         QStringLiteral("error"));
    for (const QString &unit : std::as_const(m_failed))
        if (!now.contains(unit))
            Q_EMIT alert(QStringLiteral("%1 recovered").arg(unit), QString(),
                         QStringLiteral("success"));
    m_failed = now;
}

} // namespace roomcast::server
