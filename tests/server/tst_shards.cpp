// Worker shards (--threads N, edge/shard.h): connections spread over threads, the node's calls
// and the sockets' signals crossing between them in order, HTTP requests handed back to the
// node's thread, and a slow reader on a shard cut off like one on the node's thread.
#include "rawwebsocket.h"
#include "serverfixture.h"
#include "servertestmain.h"
#include "testclient.h"

#include "edge/frameencoder.h"
#include "edge/listener.h"
#include "edge/shardconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace roomcast::test;
using roomcast::server::edge::Connection;
using roomcast::server::edge::Listener;
using roomcast::server::edge::ShardConnection;
using Json = nlohmann::json;

namespace {
constexpr int kThreads = 3;
constexpr int kClients = 6;
} // namespace

class TstShards : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectionsAreSpreadAndSpeakInOrder()
    {
        Listener::Options options;
        options.threads = kThreads;
        Listener listener(options);
        std::vector<std::unique_ptr<Connection>> connections;
        connect(&listener, &Listener::webSocketConnected, this,
                [&](Connection *c) { connections.emplace_back(c); });
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(listener.threads(), kThreads);
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(listener.port()));

        std::vector<std::unique_ptr<RawWebSocket>> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<RawWebSocket>());
            QVERIFY(clients.back()->open(url));
            QTRY_COMPARE(connections.size(), static_cast<std::size_t>(i + 1));
        }
        // Round robin, a shard first: two connections on each of the three threads, and a
        // shard's connection answers on this (the node's) thread.
        int onShards = 0;
        for (const auto &c : connections) {
            if (auto *shard = dynamic_cast<ShardConnection *>(c.get())) {
                QCOMPARE(shard->thread(), QThread::currentThread());
                ++onShards;
            }
        }
        QCOMPARE(onShards, kClients * (kThreads - 1) / kThreads);

        // Client -> node: each connection hears its own client, on this thread.
        std::vector<std::vector<QString>> texts(kClients);
        std::vector<int> gone(kClients, 0);
        for (int i = 0; i < kClients; ++i) {
            connections[i]->setEvents(
                [&texts, &gone, i](Connection::Event event, const QString *text) {
                    QCOMPARE(QThread::currentThread(), qApp->thread());
                    if (event == Connection::Event::Text)
                        texts[i].push_back(*text);
                    else if (event == Connection::Event::Disconnected)
                        ++gone[i];
                });
        }
        for (int i = 0; i < kClients; ++i)
            clients[i]->sendJson({{"type", "hello"}, {"n", i}});
        for (int i = 0; i < kClients; ++i) {
            QTRY_COMPARE(texts[i].size(), std::size_t(1));
            QCOMPARE(Json::parse(texts[i].at(0).toStdString())["n"].get<int>(), i);
        }

        // Node -> client: many frames in flight with QWebSocket's pings among them arrive
        // whole and in order, then the close code.
        constexpr int kFrames = 400;
        for (int n = 0; n < kFrames; ++n) {
            for (const auto &c : connections) {
                const QByteArray json = QByteArray::fromStdString(
                    Json{{"type", "n"}, {"n", n}, {"pad", std::string(n % 300, 'p')}}.dump());
                QVERIFY(c->send(roomcast::server::edge::textFrame(json), 1 << 30));
                if (n % 40 == 0)
                    c->ping();
            }
        }
        for (const auto &c : connections)
            c->close(4000, QStringLiteral("bye"));
        for (int i = 0; i < kClients; ++i) {
            RawWebSocket &client = *clients[i];
            QTRY_VERIFY_WITH_TIMEOUT(client.closeCode() == 4000, 10000);
            const auto frames = client.take("n");
            QCOMPARE(frames.size(), static_cast<std::size_t>(kFrames));
            for (int n = 0; n < kFrames; ++n)
                QCOMPARE(frames[n]["n"].get<int>(), n);
            QCOMPARE(client.pingsReceived(), kFrames / 40);
        }
        // Every connection reports the end of its close handshake, with the code.
        for (int i = 0; i < kClients; ++i) {
            clients[i]->writeRaw(RawWebSocket::buildFrame(RawWebSocket::Close, "\x0f\xa0"));
            QTRY_COMPARE(gone[i], 1);
            QCOMPARE(connections[i]->closeCode(), 4000);
        }
    }

    void httpRequestsAreServedOnTheNodeThread()
    {
        Listener::Options options;
        options.threads = kThreads;
        Listener listener(options);
        std::vector<QThread *> served;
        connect(&listener, &Listener::httpRequest, this, [&](QTcpSocket *socket) {
            served.push_back(socket->thread());
            socket->readAll();
            socket->write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        });
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(listener.port()));
        for (int i = 0; i < kThreads * 2; ++i) {
            RawWebSocket client;
            QVERIFY(client.connectTcp(url));
            // The head in two writes: a shard may have read only the first when it hands the
            // connection back, and the rest must still reach the node's thread.
            client.writeRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
            client.socket().waitForBytesWritten(1000);
            client.writeRaw("\r\n");
            QVERIFY(client.waitHttpHead());
            QVERIFY2(client.httpHead().startsWith("HTTP/1.1 204"), client.httpHead().constData());
        }
        QCOMPARE(served.size(), static_cast<std::size_t>(kThreads * 2));
        for (QThread *thread : served)
            QCOMPARE(thread, QThread::currentThread());
    }

    void everySubscriberGetsEveryMessageInOrder()
    {
        ServerFixture fx;
        fx.config.threads = kThreads;
        fx.config.publishRate = 100000;
        fx.config.publishBurst = 100000;
        QVERIFY2(fx.start(), fx.lastError.c_str());
        std::vector<std::unique_ptr<TestClient>> subscribers;
        for (int i = 0; i < kClients; ++i) {
            subscribers.push_back(std::make_unique<TestClient>());
            QVERIFY(
                subscribers.back()->connectAndHello(fx.url(), fx.token("s" + std::to_string(i))));
            QVERIFY(subscribers.back()->request({{"type", "subscribe"}, {"room", "general"}}));
        }
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(fx.url(), fx.token("writer")));
        constexpr int kMessages = 300;
        for (int i = 1; i <= kMessages; ++i)
            publisher.send({{"type", "publish"},
                            {"id", i},
                            {"room", "general"},
                            {"kind", "chat"},
                            {"body", {{"text", "m" + std::to_string(i)}}}});
        for (int i = 1; i <= kMessages; ++i)
            QVERIFY2(publisher.waitFor("ack", 10000, i), qPrintable(QString::number(i)));
        for (auto &s : subscribers) {
            for (int seq = 1; seq <= kMessages; ++seq) {
                auto message = s->waitFor("message", 10000);
                QVERIFY2(message, qPrintable(QStringLiteral("seq %1 missing").arg(seq)));
                QCOMPARE((*message)["seq"].get<int>(), seq);
            }
            QVERIFY(!s->has("message")); // no duplicates
        }
    }

    void slowReaderOnAShardIsCutOff()
    {
        ServerFixture fx;
        fx.config.threads = 2;
        fx.config.slowConsumerBytes = 64 * 1024;
        fx.config.publishRate = 1e6;
        fx.config.publishBurst = 1000000;
        QVERIFY2(fx.start(), fx.lastError.c_str());
        RawWebSocket slow; // the first connection: on the shard
        QVERIFY(slow.openAndHello(fx.url(), fx.token("slow")));
        slow.sendJson({{"type", "subscribe"}, {"id", 1}, {"room", "firehose"}});
        QVERIFY(slow.waitFor("subscribed"));
        slow.pauseReading();
        TestClient publisher; // on the node's thread
        QVERIFY(publisher.connectAndHello(fx.url(), fx.token("publisher")));
        const std::string text(1000, 'x');
        int nextId = 1;
        QElapsedTimer elapsed;
        elapsed.start();
        while (fx.server->connectionCount() == 2 && elapsed.elapsed() < 20000) {
            const int first = nextId;
            for (int i = 0; i < 50; ++i)
                publisher.send({{"type", "publish"},
                                {"id", nextId++},
                                {"room", "firehose"},
                                {"kind", "chat"},
                                {"body", {{"text", text}}}});
            for (int id = first; id < nextId; ++id)
                QVERIFY(publisher.waitFor("ack", 5000, id));
        }
        QCOMPARE(fx.server->connectionCount(), 1); // the slow one is gone, the publisher stays
        QVERIFY(publisher.isOpen());
        // Well past 64 KiB was sent before the cut: the limit held, not a disconnect at once.
        QVERIFY(nextId > 64);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstShards)
#include "tst_shards.moc"
