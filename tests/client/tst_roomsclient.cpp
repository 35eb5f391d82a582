// RoomsClient against a real in-process node: rooms resume across a server restart with
// every message exactly once, typed messages survive outages and client restarts, and a
// failed publish can be retried; search answers through its own signals.
#include "serverfixture.h"
#include "testclient.h"

#include "client/connection.h"
#include "client/outbox.h"
#include "client/roomsclient.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace roomcast;
using namespace roomcast::test;

namespace {

//! One desktop-client stack (Connection + Outbox + RoomsClient) recording what it shows.
struct ClientStack
{
    ClientStack(const QUrl &url, const std::string &token, const QString &outboxPath)
    {
        client::Connection::Options options;
        options.url = url;
        options.token = QString::fromStdString(token);
        options.backoff = {50, 200};
        connection = std::make_unique<client::Connection>(options);
        auto opened = client::Outbox::open(outboxPath);
        if (opened)
            outbox = std::move(opened).value();
        rooms = std::make_unique<client::RoomsClient>(connection.get(), outbox.get());
        QObject::connect(rooms.get(), &client::RoomsClient::messagesArrived, rooms.get(),
                         [this](const QString &, const std::vector<protocol::Message> &ms) {
                             for (const auto &m : ms)
                                 received.push_back(m);
                         });
    }
    std::vector<std::int64_t> seqs() const
    {
        std::vector<std::int64_t> out;
        for (const auto &m : received)
            out.push_back(m.seq);
        return out;
    }
    bool connected() const { return connection->state() == client::Connection::State::Connected; }

    std::unique_ptr<client::Connection> connection;
    std::unique_ptr<client::Outbox> outbox;
    std::unique_ptr<client::RoomsClient> rooms;
    std::vector<protocol::Message> received;
};

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to)
{
    std::vector<std::int64_t> out;
    for (std::int64_t i = from; i <= to; ++i)
        out.push_back(i);
    return out;
}

void publishMany(TestClient &publisher, const std::string &room, int from, int count)
{
    for (int i = from; i < from + count; ++i)
        publisher.send({{"type", "publish"},
                        {"id", i},
                        {"room", room},
                        {"kind", "chat"},
                        {"body", {{"text", "m" + std::to_string(i)}}}});
}

} // namespace

class TstRoomsClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.drainWindowMs = 300;
        m_fx->config.publishRate = 10000;
        m_fx->config.publishBurst = 10000;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void resumesAcrossServerRestartExactlyOnce()
    {
        ClientStack app(m_fx->url(), m_fx->token("viewer"), m_dir.filePath(QStringLiteral("a.db")));
        app.rooms->join("live");
        app.connection->open();
        QTRY_VERIFY(app.connected());
        QTRY_VERIFY(app.rooms->status("live") && app.rooms->status("live")->synced);

        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("writer")));
        publishMany(publisher, "live", 1, 40);
        QTRY_COMPARE(app.seqs().size(), std::size_t(40));

        // Restart the node on the same port and data dir; publish while the client is away.
        const quint16 port = m_fx->server->port();
        m_fx->stop();
        QTRY_VERIFY(!app.connected());
        m_fx->config.port = port;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        TestClient publisher2;
        QVERIFY(publisher2.connectAndHello(m_fx->url(), m_fx->token("writer")));
        publishMany(publisher2, "live", 41, 40);
        QTRY_VERIFY_WITH_TIMEOUT(app.connected(), 5000);
        publishMany(publisher2, "live", 81, 20);

        QTRY_COMPARE_WITH_TIMEOUT(app.seqs().size(), std::size_t(100), 10000);
        QCOMPARE(app.seqs(), range(1, 100));
        for (const auto &m : app.received)
            QCOMPARE(m.body["text"].get<std::string>(), "m" + std::to_string(m.seq));
        QVERIFY(!app.rooms->status("live")->missingSinceMs);
    }

    void typedDuringOutageIsDeliveredOnce()
    {
        ClientStack app(m_fx->url(), m_fx->token("writer"), m_dir.filePath(QStringLiteral("b.db")));
        app.rooms->join("chat");
        app.connection->open();
        QTRY_VERIFY(app.rooms->status("chat") && app.rooms->status("chat")->synced);

        const quint16 port = m_fx->server->port();
        m_fx->stop();
        QTRY_VERIFY(!app.connected());
        const QString id = app.rooms->publish("chat", "chat", {{"text", "typed offline"}});
        QCOMPARE(app.outbox->find(id)->state, client::Outbox::State::Queued);

        m_fx->config.port = port;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(app.outbox->find(id)->state, client::Outbox::State::Acknowledged,
                                  5000);
        QTRY_COMPARE(app.received.size(), std::size_t(1));
        QCOMPARE(app.received[0].clientMsgId, id.toStdString());
        QCOMPARE(app.outbox->depth(), 0);

        TestClient reader;
        QVERIFY(reader.connectAndHello(m_fx->url(), m_fx->token("reader")));
        auto history = reader.request({{"type", "history"}, {"room", "chat"}});
        QVERIFY(history);
        QCOMPARE((*history)["messages"].size(), std::size_t(1)); // stored once
    }

    void outboxSurvivesClientRestart()
    {
        const QString path = m_dir.filePath(QStringLiteral("c.db"));
        QString id;
        {
            // The app starts with no reachable server, the user types, the app quits.
            QUrl nowhere = m_fx->url();
            nowhere.setPort(1);
            ClientStack offline(nowhere, m_fx->token("writer"), path);
            offline.connection->open();
            id = offline.rooms->publish("notes", "chat", {{"text", "written on the train"}});
            QCOMPARE(offline.outbox->depth(), 1);
        }
        ClientStack app(m_fx->url(), m_fx->token("writer"), path);
        QCOMPARE(app.outbox->depth(), 1);
        app.rooms->join("notes");
        app.connection->open();
        QTRY_COMPARE_WITH_TIMEOUT(app.outbox->find(id)->state, client::Outbox::State::Acknowledged,
                                  5000);
        QTRY_COMPARE(app.received.size(), std::size_t(1));
        QCOMPARE(app.received[0].body["text"].get<std::string>(),
                 std::string("written on the train"));
    }

    void retriedFailureIsStoredOnce()
    {
        using State = client::Outbox::State;
        // A read-only token: the server refuses the publish for good (forbidden).
        ClientStack app(m_fx->url(), m_fx->token("writer", 3600, std::nullopt, false),
                        m_dir.filePath(QStringLiteral("e.db")));
        std::vector<std::pair<QString, State>> log;
        QObject::connect(
            app.outbox.get(), &client::Outbox::entryChanged, app.rooms.get(),
            [&](const QString &id) { log.emplace_back(id, app.outbox->find(id)->state); });
        app.rooms->join("chat");
        app.connection->open();
        QTRY_VERIFY(app.rooms->status("chat") && app.rooms->status("chat")->synced);

        const QString id = app.rooms->publish("chat", "chat", {{"text", "said once"}});
        QTRY_COMPARE(app.outbox->find(id)->state, State::Failed);
        QVERIFY2(app.outbox->find(id)->error.contains(QStringLiteral("read-only")),
                 qPrintable(app.outbox->find(id)->error));
        QCOMPARE(app.outbox->depth(), 0);

        // Retry while connected goes out at once: the server refuses it again, as it must.
        log.clear();
        QVERIFY(app.rooms->retry(id));
        QCOMPARE(app.outbox->find(id)->state, State::Sending);
        QTRY_COMPARE(app.outbox->find(id)->state, State::Failed);
        QCOMPARE(log, (std::vector<std::pair<QString, State>>{
                          {id, State::Queued}, {id, State::Sending}, {id, State::Failed}}));

        // Offline, with a token that may publish: Retry queues it, the next welcome sends it.
        app.connection->close();
        app.connection->setToken(QString::fromStdString(m_fx->token("writer")));
        log.clear();
        QVERIFY(app.rooms->retry(id));
        QCOMPARE(app.outbox->find(id)->state, State::Queued);
        QCOMPARE(app.outbox->depth(), 1);
        app.connection->open();
        QTRY_COMPARE(app.outbox->find(id)->state, State::Acknowledged);
        QCOMPARE(log, (std::vector<std::pair<QString, State>>{
                          {id, State::Queued}, {id, State::Sending}, {id, State::Acknowledged}}));
        QTRY_COMPARE(app.received.size(), std::size_t(1));
        QCOMPARE(app.received[0].clientMsgId, id.toStdString());
        QCOMPARE(app.outbox->depth(), 0);
        QVERIFY(!app.rooms->retry(id)); // acknowledged: nothing to retry

        // Stored exactly once.
        TestClient reader;
        QVERIFY(reader.connectAndHello(m_fx->url(), m_fx->token("reader")));
        auto history = reader.request({{"type", "history"}, {"room", "chat"}});
        QVERIFY(history);
        QCOMPARE((*history)["messages"].size(), std::size_t(1));
        QCOMPARE((*history)["messages"][0].value("client_msg_id", ""), id.toStdString());
    }

    void unrecoverableGapIsMarked()
    {
        m_fx.reset();
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.retention = 5;
        QVERIFY(m_fx->start());
        ClientStack app(m_fx->url(), m_fx->token("viewer"), m_dir.filePath(QStringLiteral("d.db")));
        app.rooms->join("busy");
        app.connection->open();
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("writer")));
        publishMany(publisher, "busy", 1, 3);
        QTRY_COMPARE(app.received.size(), std::size_t(3));

        app.connection->close();
        QTRY_VERIFY(!app.connected());
        publishMany(publisher, "busy", 4, 20); // more than the room retains
        std::size_t acks = 0; // QTRY_* evaluates again after success: accumulate, then compare
        QTRY_VERIFY((acks += publisher.take("ack").size()) >= 23);
        app.connection->open();
        QTRY_VERIFY(app.rooms->status("busy")->missingSinceMs.has_value());
        QTRY_COMPARE(app.received.back().seq, std::int64_t(23));
        // Never a duplicate, always ascending.
        for (std::size_t i = 1; i < app.received.size(); ++i)
            QVERIFY(app.received[i].seq > app.received[i - 1].seq);
    }

    void searchAnswersThroughItsSignals()
    {
        ClientStack app(m_fx->url(), m_fx->token("viewer"), m_dir.filePath(QStringLiteral("s.db")));
        QCOMPARE(app.rooms->search("ops", "m2"), 0); // not connected: nothing sent
        app.connection->open();
        QTRY_VERIFY(app.connected());
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("pub")));
        publishMany(publisher, "ops", 1, 3); // m1 m2 m3
        for (int i = 0; i < 3; ++i)
            QVERIFY(publisher.waitFor("ack"));
        std::vector<protocol::SearchResult> found;
        QString failed;
        QObject::connect(
            app.rooms.get(), &client::RoomsClient::searchFinished, app.rooms.get(),
            [&](int, const QString &, const std::vector<protocol::SearchResult> &r) { found = r; });
        QObject::connect(app.rooms.get(), &client::RoomsClient::searchFailed, app.rooms.get(),
                         [&](int, const QString &code, const QString &) { failed = code; });
        QVERIFY(app.rooms->search("ops", "m2") > 0);
        QTRY_COMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].message.seq, 2);
        QCOMPARE(found[0].snippet, std::string("<mark>m2</mark>"));
        QVERIFY(app.rooms->search("ops", "\"m2") > 0);
        QTRY_COMPARE(failed, QStringLiteral("bad_request"));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstRoomsClient)
#include "tst_roomsclient.moc"
