#pragma once

// Small helpers shared by the tst_sqlitestore sources.

#include "server/store/sqlitestore.h"

#include <QString>
#include <QtTest>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace QTest {
template <> inline char *toString(const std::string &text)
{
    return qstrdup(text.c_str());
}
} // namespace QTest

namespace storetest {

using roomcast::protocol::Message;
using roomcast::server::AppendResult;
using roomcast::server::SqliteStore;

inline Message message(const std::string &room, const std::string &text,
                       const std::string &user = "alice", const std::string &clientMsgId = {})
{
    Message m;
    m.room = room;
    m.from = {user, user + " name"};
    m.kind = "chat";
    m.body = {{"text", text}};
    m.clientMsgId = clientMsgId;
    return m;
}

inline std::string textOf(const Message &m)
{
    return m.body.value("text", std::string());
}

inline SqliteStore::Options options(const QString &dir, int retention = 10000,
                                    std::function<std::int64_t()> clock = {})
{
    SqliteStore::Options o;
    o.dataDir = dir;
    o.retention = retention;
    o.clock = std::move(clock);
    return o;
}

//! Opens or returns nullptr (after printing the error, so the QVERIFY that follows explains).
inline std::unique_ptr<SqliteStore> open(const SqliteStore::Options &o)
{
    auto opened = SqliteStore::open(o);
    if (!opened) {
        qWarning("open failed: %s", opened.error().message.c_str());
        return nullptr;
    }
    return std::move(opened).value();
}

//! Records callback results in the order they arrive.
struct Results
{
    std::vector<AppendResult> list;
    SqliteStore::AppendCallback add()
    {
        return [this](const AppendResult &r) { list.push_back(r); };
    }
    int size() const { return static_cast<int>(list.size()); }
    const AppendResult &operator[](int i) const { return list.at(static_cast<std::size_t>(i)); }
};

inline QList<qint64> seqsOf(const std::vector<Message> &messages)
{
    QList<qint64> seqs;
    for (const Message &m : messages)
        seqs.push_back(m.seq);
    return seqs;
}

inline QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> seqs;
    for (qint64 s = first; s <= last; ++s)
        seqs.push_back(s);
    return seqs;
}

} // namespace storetest
