// Test helper for tst_sqlitestore: appends forever to rooms "a" and "b" and prints
// "ACK <room> <seq>" (flushed) from each callback, until the test SIGKILLs it.
// The k-th message of a room has body {"n": k} and client_msg_id "<room>-<k>".

#include "server/store/sqlitestore.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <map>
#include <string>

using roomcast::server::AppendResult;
using roomcast::server::SqliteStore;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: storekiller DATA_DIR\n");
        return 2;
    }
    SqliteStore::Options options;
    options.dataDir = QString::fromLocal8Bit(argv[1]);
    options.retention = 1000000;
    auto opened = SqliteStore::open(options);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return 2;
    }
    std::unique_ptr<SqliteStore> store = std::move(opened).value();
    std::printf("EPOCH %s\n", store->roomState("a").epoch.c_str());
    std::fflush(stdout);

    std::map<std::string, std::int64_t> counters;
    QTimer producer;
    producer.setInterval(0);
    QObject::connect(&producer, &QTimer::timeout, [&] {
        if (store->pendingCount() > 500)
            return;
        for (int i = 0; i < 20; ++i) {
            const std::string room = i % 3 == 0 ? "b" : "a";
            const std::int64_t n = ++counters[room];
            roomcast::protocol::Message m;
            m.room = room;
            m.from = {"killer", "Killer"};
            m.kind = "chat";
            m.body = {{"text", "message " + std::to_string(n)}, {"n", n}};
            m.clientMsgId = room + '-' + std::to_string(n);
            store->append(std::move(m), [n](const AppendResult &r) {
                if (!r.ok || r.message.seq != n)
                    std::fprintf(stderr, "BAD %s %lld\n", r.message.room.c_str(),
                                 static_cast<long long>(r.message.seq));
                std::printf("ACK %s %lld\n", r.message.room.c_str(),
                            static_cast<long long>(r.message.seq));
                std::fflush(stdout);
            });
        }
    });
    producer.start();
    QTimer::singleShot(120000, &app, &QCoreApplication::quit); // never outlive a broken test
    return app.exec();
}
