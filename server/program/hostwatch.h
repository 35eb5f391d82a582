#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

namespace roomcast::server {

//! What the host says about itself; the real probes read procfs, statvfs and systemctl, and
//! tests put in their own.
struct HostProbe
{
    //! The failed systemd units, handed to `done` (asynchronously); an empty list when there
    //! is no systemd to ask.
    std::function<void(std::function<void(QStringList)> done)> failedUnits;
    //! Percent of `path`'s file system in use.
    std::function<std::optional<double>(const QString &path)> diskUsedPercent;
    //! The 1-minute load average.
    std::function<std::optional<double>()> load1;
    std::function<int()> cpus;

    static HostProbe system();
};

//! The demo's real host events (`alerts`): a systemd unit that failed (and recovered), a
//! file system over 90 % (and back under 85 %), a load spike over twice the CPU count (and
//! back under it). Each is said once when it starts and once when it ends, never repeated
//! on every check.
class HostWatch : public QObject
{
    Q_OBJECT
public:
    static constexpr double kDiskFullPercent = 90;
    static constexpr double kDiskBackPercent = 85;

    //! Checks `paths` (file systems) every `intervalMs`, first at once.
    HostWatch(HostProbe probe, QStringList paths, int intervalMs, QObject *parent = nullptr);

    //! One round of checks (the timer calls it; public for tests).
    void check();

Q_SIGNALS:
    //! `level` is a PROTOCOL.md notification level: info, success, warning, error.
    void alert(const QString &title, const QString &text, const QString &level);

private:
    void onFailedUnits(const QStringList &units);

    HostProbe m_probe;
    QStringList m_paths;
    QTimer m_timer;
    QSet<QString> m_failed;
    QSet<QString> m_fullDisks;
    bool m_loadHigh = false;
    bool m_unitsPending = false;
};

} // namespace roomcast::server
