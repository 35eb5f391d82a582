// Shared by the outbox tests (tst_outbox, tst_outboxstorage): bodies, entries as text, and the
// base of both test classes: an outbox file in a temporary directory, on a clock the test moves.
#pragma once

#include "client/outbox.h"

#include <QFile>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace roomcast::test::outboxtest {

using client::Outbox;

inline protocol::Json chat(const std::string &text)
{
    return {{"text", text}};
}

//! JSON as text, so that QCOMPARE prints both sides.
inline QString dump(const protocol::Json &json)
{
    return QString::fromStdString(json.dump());
}

inline QStringList ids(const std::vector<Outbox::Entry> &entries)
{
    QStringList result;
    for (const auto &entry : entries)
        result.append(entry.clientMsgId);
    return result;
}

//! Not a Q_OBJECT: the test slots are all in the class that derives from it.
class OutboxTest : public QObject
{
protected:
    QTemporaryDir m_dir;
    std::int64_t m_now = 1'800'000'000'000;

    QString path() const { return m_dir.filePath(QStringLiteral("outbox.sqlite")); }
    std::unique_ptr<Outbox> openOutbox()
    {
        auto opened = Outbox::open(path(), [this] { return m_now; });
        if (!opened)
            qWarning("%s", opened.error().message.c_str());
        return opened ? std::move(opened).value() : nullptr;
    }
    //! For init(): the database of the test before, and its WAL files, gone.
    void removeDatabase()
    {
        QFile::remove(path());
        QFile::remove(path() + QStringLiteral("-wal"));
        QFile::remove(path() + QStringLiteral("-shm"));
    }
};

} // namespace roomcast::test::outboxtest
