// End to end: GET /api/rooms/{room}/events on a real in-process node, read by a raw HTTP
// client that parses the stream as an EventSource does: live events with `id: epoch:seq`,
// resume by Last-Event-ID or ?since= without loss or duplicates, `reset` for a position that
// is gone, presence, heartbeat comments, refusals as HTTP statuses, slow readers cut off.
#include "httptest.h"
#include "servertestmain.h"
#include "sseclient.h"

#include <QTest>

using namespace roomcast::test;
using namespace roomcast::test::httptest;

class TstSse : public QObject, protected NodeFixture
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { m_fx.reset(); }

    void liveEventsCarryTheirPosition()
    {
        QVERIFY(start());
        QVERIFY(publish("ops", "before the stream")); // not replayed to a new stream
        SseClient sse;
        QVERIFY(openStream(sse, "/api/rooms/ops/events", bearer("reader")));
        QCOMPARE(sse.status(), 200);
        QCOMPARE(sse.header("content-type").value_or(""),
                 QByteArray("text/event-stream; charset=utf-8"));
        QCOMPARE(sse.header("cache-control").value_or(""), QByteArray("no-cache"));
        QCOMPARE(sse.retry(), QByteArray("2000"));

        QVERIFY(publish("ops", "first live"));
        QVERIFY(publish("other", "another room"));
        QVERIFY(publish("ops", "second live"));
        QVERIFY(sse.waitEvents(2));
        const std::vector<SseEvent> events = sse.take();
        QCOMPARE(events.size(), std::size_t{2});
        const std::string epoch = roomEpoch("ops");
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(events[i].event, QByteArray("message"));
            const Json m = events[i].json();
            QCOMPARE(str(at(m, "type")), QStringLiteral("message"));
            QCOMPARE(num(at(m, "seq")), qint64(i + 2));
            QCOMPARE(events[i].id, QByteArray::fromStdString(epoch + ":" + std::to_string(i + 2)));
        }
        QCOMPARE(str(at(at(events[0].json(), "body"), "text")), QStringLiteral("first live"));
        QCOMPARE(str(at(at(events[1].json(), "body"), "text")), QStringLiteral("second live"));
    }

    void resumeAfterACutLosesNothingAndRepeatsNothing()
    {
        QVERIFY(start());
        SseClient first;
        QVERIFY(openStream(first, "/api/rooms/ops/events", bearer("reader")));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(publish("ops", "m" + std::to_string(i)));
        QVERIFY(first.waitEvents(3));
        const QByteArray lastId = first.lastEventId();
        first.close(); // the network went away
        for (int i = 4; i <= 6; ++i)
            QVERIFY(publish("ops", "m" + std::to_string(i)));

        SseClient again; // what EventSource does: the same URL plus Last-Event-ID
        QVERIFY(openStream(again, "/api/rooms/ops/events",
                           bearer("reader") << "Last-Event-ID: " + lastId));
        QVERIFY(publish("ops", "m7"));
        QVERIFY(again.waitEvents(4));
        QVERIFY(!again.waitEvents(5, 200)); // nothing more, nothing twice
        QCOMPARE(seqsOf(again.events()), (std::vector<qint64>{4, 5, 6, 7}));
        for (const SseEvent &e : again.events())
            QCOMPARE(e.event, QByteArray("message"));
    }

    void queryTokenAndSinceForClientsWithoutHeaders()
    {
        QVERIFY(start());
        for (int i = 1; i <= 4; ++i)
            QVERIFY(publish("ops", "m" + std::to_string(i)));
        const std::string epoch = roomEpoch("ops");
        SseClient sse;
        QVERIFY(
            openStream(sse, "/api/rooms/ops/events?since=" + QByteArray::fromStdString(epoch) +
                                "%3A2&token=" + QByteArray::fromStdString(m_fx->token("reader"))));
        QVERIFY(sse.waitEvents(2));
        QCOMPARE(seqsOf(sse.events()), (std::vector<qint64>{3, 4}));
    }

    void anUnknownEpochStartsWithAReset()
    {
        QVERIFY(start());
        for (int i = 1; i <= 3; ++i)
            QVERIFY(publish("ops", "m" + std::to_string(i)));
        SseClient sse;
        QVERIFY(openStream(sse, "/api/rooms/ops/events",
                           bearer("reader") << QByteArray("Last-Event-ID: gone-epoch:17")));
        QVERIFY(sse.waitEvents(4));
        const std::vector<SseEvent> events = sse.take();
        QCOMPARE(events[0].event, QByteArray("reset"));
        const Json reset = events[0].json();
        QCOMPARE(str(at(reset, "room")), QStringLiteral("ops"));
        QCOMPARE(str(at(reset, "epoch")), QString::fromStdString(roomEpoch("ops")));
        QCOMPARE(num(at(reset, "seq")), 3);
        // Then what the room holds, so the reader can start over from a known position.
        QCOMPARE(seqsOf({events.begin() + 1, events.end()}), (std::vector<qint64>{1, 2, 3}));
    }

    void presenceOfTheRoom()
    {
        QVERIFY(start());
        SseClient sse;
        QVERIFY(openStream(sse, "/api/rooms/ops/events", bearer("reader")));
        TestClient alice;
        QVERIFY(alice.connectAndHello(m_fx->url(), m_fx->token("alice")));
        QVERIFY(alice.request({{"type", "subscribe"}, {"room", "ops"}}));
        QVERIFY(sse.waitEvents(1));
        const SseEvent joined = sse.take().front();
        QCOMPARE(joined.event, QByteArray("presence"));
        const Json p = joined.json();
        QCOMPARE(str(at(p, "type")), QStringLiteral("join"));
        QCOMPARE(str(at(at(p, "user"), "id")), QStringLiteral("alice"));
        QCOMPARE(str(at(p, "room")), QStringLiteral("ops"));
    }

    void heartbeatCommentsKeepALiveReaderConnected()
    {
        QVERIFY(start([](roomcast::server::ServerConfig &c) {
            c.heartbeatIntervalMs = 150;
            c.heartbeatTimeoutMs = 150;
        }));
        SseClient sse;
        QVERIFY(openStream(sse, "/api/rooms/ops/events", bearer("reader")));
        // Six intervals: far past interval + timeout, which would end a silent WebSocket.
        QVERIFY(sse.waitComments(1 + 6, 5000)); // after the "subscribed" comment
        QVERIFY(!sse.closed());
        QVERIFY(publish("ops", "still here"));
        QVERIFY(sse.waitEvents(1));
    }

    void refusalsAreHttpStatuses()
    {
        QVERIFY(start());
        const auto statusOf = [&](const QByteArray &path, const QList<QByteArray> &headers) {
            SseClient sse;
            if (!sse.open(http(), path, headers) || !sse.waitHead())
                return -1;
            return sse.status();
        };
        SseClient noToken;
        QVERIFY(noToken.open(http(), "/api/rooms/ops/events") && noToken.waitHead());
        QCOMPARE(noToken.status(), 401);
        QVERIFY(noToken.header("www-authenticate").has_value());
        const std::string onlyAlerts = m_fx->token("bob", 3600, std::vector<std::string>{"alerts"});
        QCOMPARE(statusOf("/api/rooms/ops/events",
                          {"Authorization: Bearer " + QByteArray::fromStdString(onlyAlerts)}),
                 403);
        QCOMPARE(statusOf("/api/rooms/ops/events", bearer("r") << "Accept: application/json"), 406);
        QCOMPARE(statusOf("/api/rooms/ops/events", bearer("r") << "Last-Event-ID: nonsense"), 400);
        QCOMPARE(statusOf("/api/rooms/ops/events?since=x%3A-1", bearer("r")), 400);
        QCOMPARE(statusOf("/api/rooms/bad%20room/events", bearer("r")), 400);
        QCOMPARE(statusOf("/api/rooms/ops/events?token=not-a-token", {}), 401);

        const HttpReply post = HttpExchange::send(
            http(), HttpExchange::request("POST", "/api/rooms/ops/events", bearer("r")));
        QCOMPARE(post.status, 405);
        QCOMPARE(post.header("allow").value_or(""), QByteArray("GET"));
    }

    void aReaderThatFellBehindIsCutOff()
    {
        QVERIFY(start([](roomcast::server::ServerConfig &c) { c.slowConsumerBytes = 64 * 1024; }));
        SseClient slow;
        QVERIFY(openStream(slow, "/api/rooms/firehose/events", bearer("slow")));
        slow.pauseReading();
        TestClient publisher;
        QVERIFY(publisher.connectAndHello(m_fx->url(), m_fx->token("publisher")));
        const std::string text(4000, 'x');
        int nextId = 1;
        // Until the node has cut the stream off (TCP pushes back once the reader stops).
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int i = 0; i < 50; ++i)
                    publisher.send({{"type", "publish"},
                                    {"id", nextId++},
                                    {"room", "firehose"},
                                    {"kind", "chat"},
                                    {"body", {{"text", text}}}});
                publisher.waitFor("ack", 5000, nextId - 1);
                // Only the publisher is left.
                return metric("roomcast_connections") == QStringLiteral("1");
            },
            30000));
    }

private:
    QList<QByteArray> bearer(const std::string &user) const
    {
        return {"Authorization: Bearer " + QByteArray::fromStdString(m_fx->token(user))};
    }
    bool openStream(SseClient &sse, const QByteArray &path, const QList<QByteArray> &headers = {})
    {
        QList<QByteArray> lines = headers;
        lines << QByteArrayLiteral("Accept: text/event-stream");
        if (!sse.open(http(), path, lines) || !sse.waitHead() || sse.status() != 200)
            return false;
        // The stream says in a comment once it is subscribed: what is published from then
        // on reaches it.
        return sse.waitComments(1);
    }
    static std::vector<qint64> seqsOf(const std::vector<SseEvent> &events)
    {
        std::vector<qint64> seqs;
        for (const SseEvent &e : events)
            seqs.push_back(e.json().value("seq", qint64(-1)));
        return seqs;
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstSse)
#include "tst_sse.moc"
