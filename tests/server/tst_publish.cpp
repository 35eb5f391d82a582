// End to end: publish, ack and message events, idempotency, kinds, rights and the publish
// rate limit (PROTOCOL.md sections 3, 6 and 9; docs/protocol.md appendix).
#include "servertestmain.h"
#include "jsonassert.h"
#include "serverfixture.h"
#include "testclient.h"

#include <QDateTime>
#include <QTest>

#include <functional>

using namespace roomcast::test;
using roomcast::server::ServerConfig;

namespace {

Json chat(const std::string &room, const std::string &text, const std::string &clientMsgId = {})
{
    Json frame = {
        {"type", "publish"}, {"room", room}, {"kind", "chat"}, {"body", {{"text", text}}}};
    if (!clientMsgId.empty())
        frame["client_msg_id"] = clientMsgId;
    return frame;
}

//! The messages of a room as a history request returns them (up to 500).
Json historyOf(TestClient &c, const std::string &room)
{
    return at(reply(c.request({{"type", "history"}, {"room", room}, {"limit", 500}})), "messages");
}

std::string repeat(const std::string &unit, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += unit;
    return out;
}

const std::string kEAcute = "\xC3\xA9";        // U+00E9, 2 bytes in UTF-8
const std::string kEmoji = "\xF0\x9F\x98\x80"; // U+1F600, 4 bytes, a UTF-16 surrogate pair

} // namespace

class TstPublish : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<ServerFixture>();
        // Bulk publishing must not hit the rate limit; rateLimited() sets its own.
        m_fx->config.publishRate = 1e6;
        m_fx->config.publishBurst = 1000000;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
    }
    void cleanup() { m_fx.reset(); }

    void ackAndMessageFields()
    {
        auto alice1 = client("alice");
        auto alice2 = client("alice");
        auto bob = client("bob");
        QVERIFY(alice1 && alice2 && bob);
        for (TestClient *c : {alice1.get(), alice2.get(), bob.get()})
            EXPECT_FRAME(reply(c->request({{"type", "subscribe"}, {"room", "general"}})),
                         "subscribed");

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        Json publish = chat("general", "Hello", "6f1c2a9e-1");
        publish["id"] = 7;
        const Json ack = reply(alice1->request(publish));
        EXPECT_FRAME(ack, "ack");
        QCOMPARE(num(at(ack, "id")), 7);
        QCOMPARE(str(at(ack, "room")), QStringLiteral("general"));
        QCOMPARE(num(at(ack, "seq")), 1);
        QVERIFY2(isTimestamp(at(ack, "ts")), ack.dump().c_str());
        const QDateTime ts = QDateTime::fromString(str(at(ack, "ts")), Qt::ISODateWithMs);
        QVERIFY(ts.isValid());
        QCOMPARE(ts.timeSpec(), Qt::UTC);
        QVERIFY(ts.toMSecsSinceEpoch() >= before - 1000);
        QVERIFY(ts.toMSecsSinceEpoch() <= QDateTime::currentMSecsSinceEpoch() + 1000);

        // Every subscriber, the publisher's own connections included, gets the event.
        for (TestClient *c : {alice1.get(), alice2.get(), bob.get()}) {
            const Json m = reply(c->waitFor("message", 3000));
            EXPECT_FRAME(m, "message");
            QCOMPARE(str(at(m, "room")), QStringLiteral("general"));
            QCOMPARE(num(at(m, "seq")), 1);
            QCOMPARE(js(at(m, "ts")), js(at(ack, "ts")));
            QCOMPARE(js(at(m, "from")), js(Json{{"id", "alice"}, {"name", "Alice"}}));
            QCOMPARE(str(at(m, "kind")), QStringLiteral("chat"));
            QCOMPARE(js(at(m, "body")), js(Json{{"text", "Hello"}}));
            QCOMPARE(str(at(m, "client_msg_id")), QStringLiteral("6f1c2a9e-1"));
            QVERIFY(roundTrip(*c));
            QVERIFY(!c->has("message"));
        }
    }

    void seqGrowsByExactlyOnePerRoom()
    {
        auto alice = client("alice");
        QVERIFY(alice);
        const std::vector<std::pair<std::string, qint64>> steps{{"a", 1}, {"a", 2}, {"b", 1},
                                                                {"a", 3}, {"b", 2}, {"a", 4}};
        for (const auto &[room, seq] : steps) {
            const Json ack = reply(alice->request(chat(room, "x")));
            EXPECT_FRAME(ack, "ack");
            QCOMPARE(str(at(ack, "room")), QString::fromStdString(room));
            QCOMPARE(num(at(ack, "seq")), seq);
        }
        QCOMPARE(seqsOf(historyOf(*alice, "a")), range(1, 4));
        QCOMPARE(seqsOf(historyOf(*alice, "b")), range(1, 2));
    }

    void publisherNeedNotBeSubscribed()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json ack = reply(alice->request(chat("general", "unsubscribed hello")));
        EXPECT_FRAME(ack, "ack");
        QCOMPARE(num(at(ack, "seq")), 1);
        const Json m = reply(bob->waitFor("message", 3000));
        QCOMPARE(js(at(m, "body")), js(Json{{"text", "unsubscribed hello"}}));
        QCOMPARE(str(at(at(m, "from"), "id")), QStringLiteral("alice"));
        // Alice is not subscribed, so she gets no event.
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("message"));
    }

    void publishWithoutIdIsAckedWithoutId()
    {
        auto alice = client("alice");
        QVERIFY(alice);
        alice->send(chat("general", "no id"));
        const Json ack = reply(alice->waitFor("ack", 3000));
        EXPECT_FRAME(ack, "ack");
        QVERIFY(!ack.contains("id"));
        QCOMPARE(num(at(ack, "seq")), 1);
    }

    void oneConnectionKeepsSendingOrder()
    {
        constexpr int count = 200;
        auto alice = client("alice");
        QVERIFY(alice);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        std::vector<int> ids;
        for (int i = 1; i <= count; ++i) {
            Json frame = chat("general", "m" + std::to_string(i));
            frame["id"] = alice->nextId();
            ids.push_back(frame["id"].get<int>());
            alice->send(frame);
        }
        for (int i = 1; i <= count; ++i) {
            const Json ack = reply(alice->waitFor("ack", 5000, ids[std::size_t(i - 1)]));
            EXPECT_FRAME(ack, "ack");
            QCOMPARE(num(at(ack, "seq")), i);
        }
        // Delivered in seq order, each with the text sent at that position.
        for (int i = 1; i <= count; ++i) {
            const Json m = reply(alice->waitFor("message", 5000));
            QCOMPARE(num(at(m, "seq")), i);
            QCOMPARE(js(at(m, "body")), js(Json{{"text", "m" + std::to_string(i)}}));
        }
        QCOMPARE(seqsOf(historyOf(*alice, "general")), range(1, count));
    }

    void repeatGetsOriginalAck()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json first = reply(alice->request(chat("general", "first", "c1")));
        EXPECT_FRAME(first, "ack");
        QCOMPARE(num(at(first, "seq")), 1);
        Json again = chat("general", "second try", "c1");
        again["id"] = "again";
        const Json repeated = reply(alice->request(again));
        EXPECT_FRAME(repeated, "ack");
        QCOMPARE(str(at(repeated, "id")), QStringLiteral("again"));
        QCOMPARE(num(at(repeated, "seq")), 1);
        QCOMPARE(js(at(repeated, "ts")), js(at(first, "ts")));

        // Two copies in flight at once: one message, the same seq for both.
        Json a = chat("general", "twin", "c2");
        Json b = a;
        a["id"] = 100;
        b["id"] = 101;
        alice->send(a);
        alice->send(b);
        const Json ackA = reply(alice->waitFor("ack", 3000, 100));
        const Json ackB = reply(alice->waitFor("ack", 3000, 101));
        QCOMPARE(num(at(ackA, "seq")), 2);
        QCOMPARE(num(at(ackB, "seq")), 2);

        // Bob got each message once; the first body is the one stored.
        const Json m1 = reply(bob->waitFor("message", 3000));
        const Json m2 = reply(bob->waitFor("message", 3000));
        QCOMPARE(num(at(m1, "seq")), 1);
        QCOMPARE(js(at(m1, "body")), js(Json{{"text", "first"}}));
        QCOMPARE(num(at(m2, "seq")), 2);
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QCOMPARE(seqsOf(historyOf(*bob, "general")), range(1, 2));
    }

    void repeatFromAnotherConnectionOfSameUser()
    {
        auto alice1 = client("alice");
        auto alice2 = client("alice");
        auto bob = client("bob");
        QVERIFY(alice1 && alice2 && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json first = reply(alice1->request(chat("general", "hi", "c1")));
        EXPECT_FRAME(first, "ack");
        QVERIFY(bob->waitFor("message", 3000));
        const Json repeated = reply(alice2->request(chat("general", "hi", "c1")));
        EXPECT_FRAME(repeated, "ack");
        QCOMPARE(num(at(repeated, "seq")), num(at(first, "seq")));
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QCOMPARE(seqsOf(historyOf(*bob, "general")), range(1, 1));
    }

    void repeatAfterRestart()
    {
        Json first;
        {
            auto alice = client("alice");
            QVERIFY(alice);
            first = reply(alice->request(chat("general", "hi", "c1")));
            EXPECT_FRAME(first, "ack");
            EXPECT_FRAME(reply(alice->request(chat("general", "there", "c2"))), "ack");
        }
        m_fx->stop();
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());

        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json repeated = reply(alice->request(chat("general", "hi", "c1")));
        EXPECT_FRAME(repeated, "ack");
        QCOMPARE(num(at(repeated, "seq")), 1);
        QCOMPARE(js(at(repeated, "ts")), js(at(first, "ts")));
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QCOMPARE(seqsOf(historyOf(*bob, "general")), range(1, 2));
        const Json next = reply(alice->request(chat("general", "new", "c3")));
        QCOMPARE(num(at(next, "seq")), 3);
    }

    void sameClientMsgIdOfAnotherUserIsNew()
    {
        auto alice = client("alice");
        auto bob = client("bob");
        QVERIFY(alice && bob);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        const Json mine = reply(alice->request(chat("general", "from alice", "shared")));
        QCOMPARE(num(at(mine, "seq")), 1);
        const Json theirs = reply(bob->request(chat("general", "from bob", "shared")));
        EXPECT_FRAME(theirs, "ack");
        QCOMPARE(num(at(theirs, "seq")), 2);
        QVERIFY(alice->waitFor("message", 3000)); // her own
        const Json m = reply(alice->waitFor("message", 3000));
        QCOMPARE(num(at(m, "seq")), 2);
        QCOMPARE(str(at(at(m, "from"), "id")), QStringLiteral("bob"));
        QCOMPARE(js(at(m, "body")), js(Json{{"text", "from bob"}}));
        QCOMPARE(str(at(m, "client_msg_id")), QStringLiteral("shared"));
    }

    void kinds_data()
    {
        QTest::addColumn<QString>("fields");   // JSON object merged into the publish frame
        QTest::addColumn<QString>("badField"); // empty: accepted

        const auto row = [](const char *name, const Json &fields, const char *badField) {
            QTest::newRow(name) << QString::fromStdString(fields.dump())
                                << QString::fromLatin1(badField);
        };
        const auto body = [](const char *kind, const Json &b) {
            return Json{{"kind", kind}, {"body", b}};
        };
        // chat
        row("chat", body("chat", {{"text", "Hello"}}), "");
        row("chat 1 char", body("chat", {{"text", "x"}}), "");
        row("chat 4000 ascii", body("chat", {{"text", repeat("a", 4000)}}), "");
        row("chat 4000 e-acute", body("chat", {{"text", repeat(kEAcute, 4000)}}), "");
        row("chat 4000 emoji", body("chat", {{"text", repeat(kEmoji, 4000)}}), "");
        row("chat 4001 ascii", body("chat", {{"text", repeat("a", 4001)}}), "body.text");
        row("chat 4001 e-acute", body("chat", {{"text", repeat(kEAcute, 4001)}}), "body.text");
        row("chat 4001 emoji", body("chat", {{"text", repeat(kEmoji, 4001)}}), "body.text");
        row("chat empty text", body("chat", {{"text", ""}}), "body.text");
        row("chat no text", body("chat", Json::object()), "body.text");
        row("chat text number", body("chat", {{"text", 5}}), "body.text");
        row("chat text null", body("chat", {{"text", nullptr}}), "body.text");
        // notification
        row("notification title only", body("notification", {{"title", "Deploy"}}), "");
        row("notification full",
            body("notification", {{"title", "Deploy"},
                                  {"text", "done"},
                                  {"level", "warning"},
                                  {"url", "https://example.org/d/1"}}),
            "");
        for (const char *level : {"info", "success", "error"})
            QTest::addRow("notification level %s", level)
                << QString::fromStdString(
                       body("notification", {{"title", "t"}, {"level", level}}).dump())
                << QString();
        row("notification title 200", body("notification", {{"title", repeat(kEmoji, 200)}}), "");
        row("notification title 201", body("notification", {{"title", repeat("t", 201)}}),
            "body.title");
        row("notification no title", body("notification", {{"text", "x"}}), "body.title");
        row("notification empty title", body("notification", {{"title", ""}}), "body.title");
        row("notification title number", body("notification", {{"title", 1}}), "body.title");
        row("notification bad level", body("notification", {{"title", "t"}, {"level", "fatal"}}),
            "body.level");
        row("notification level case", body("notification", {{"title", "t"}, {"level", "Info"}}),
            "body.level");
        row("notification level number", body("notification", {{"title", "t"}, {"level", 1}}),
            "body.level");
        row("notification text number", body("notification", {{"title", "t"}, {"text", 1}}),
            "body.text");
        row("notification url number", body("notification", {{"title", "t"}, {"url", 1}}),
            "body.url");
        // metric
        row("metric float", body("metric", {{"name", "cpu"}, {"value", 0.25}, {"unit", "%"}}), "");
        row("metric integer", body("metric", {{"name", "users"}, {"value", 3}}), "");
        row("metric negative", body("metric", {{"name", "delta"}, {"value", -7.5}}), "");
        row("metric value string", body("metric", {{"name", "cpu"}, {"value", "3"}}), "body.value");
        row("metric value bool", body("metric", {{"name", "cpu"}, {"value", true}}), "body.value");
        row("metric value null", body("metric", {{"name", "cpu"}, {"value", nullptr}}),
            "body.value");
        row("metric no value", body("metric", {{"name", "cpu"}}), "body.value");
        row("metric no name", body("metric", {{"value", 1}}), "body.name");
        row("metric name 65", body("metric", {{"name", repeat("n", 65)}, {"value", 1}}),
            "body.name");
        row("metric unit number", body("metric", {{"name", "cpu"}, {"value", 1}, {"unit", 1}}),
            "body.unit");
        // other kinds: stored and delivered untouched
        row("custom kind",
            body("x.custom", {{"anything", Json::array({1, {{"deep", nullptr}}, "two"})},
                              {"text", 5},
                              {"emoji", kEmoji},
                              {"float", 1.5}}),
            "");
        row("custom empty body", body("my-kind_2", Json::object()), "");
        row("kind 32 chars", body(repeat("k", 32).c_str(), {{"k", 1}}), "");
        // kind
        row("kind upper case", body("Chat", {{"text", "x"}}), "kind");
        row("kind space", body("bad kind", {{"text", "x"}}), "kind");
        row("kind slash", body("x/y", Json::object()), "kind");
        row("kind empty", body("", Json::object()), "kind");
        row("kind 33 chars", body(repeat("k", 33).c_str(), Json::object()), "kind");
        row("kind missing", Json{{"body", {{"text", "x"}}}}, "kind");
        row("kind number", Json{{"kind", 5}, {"body", {{"text", "x"}}}}, "kind");
        // body
        row("body string", Json{{"kind", "chat"}, {"body", "text"}}, "body");
        row("body array", Json{{"kind", "x.custom"}, {"body", Json::array()}}, "body");
        row("body number", Json{{"kind", "x.custom"}, {"body", 5}}, "body");
        row("body missing", Json{{"kind", "x.custom"}}, "body");
        // room
        Json badRoom = body("chat", {{"text", "x"}});
        badRoom["room"] = "bad room!";
        row("room with space", badRoom, "room");
        badRoom["room"] = "";
        row("room empty", badRoom, "room");
        badRoom["room"] = repeat("r", 65);
        row("room 65 chars", badRoom, "room");
        badRoom["room"] = 5;
        row("room number", badRoom, "room");
        // client_msg_id
        Json withId = body("chat", {{"text", "x"}});
        withId["client_msg_id"] = repeat(kEAcute, 64);
        row("client_msg_id 64", withId, "");
        withId["client_msg_id"] = repeat("c", 65);
        row("client_msg_id 65", withId, "client_msg_id");
        withId["client_msg_id"] = "";
        row("client_msg_id empty", withId, "client_msg_id");
        withId["client_msg_id"] = 5;
        row("client_msg_id number", withId, "client_msg_id");
    }
    void kinds()
    {
        QFETCH(QString, fields);
        QFETCH(QString, badField);
        auto alice = client("alice");
        QVERIFY(alice);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        Json frame = {{"type", "publish"}, {"id", 9}, {"room", "general"}};
        const Json extra = Json::parse(fields.toStdString());
        frame.update(extra);
        const Json r = reply(alice->request(frame));
        if (!badField.isEmpty()) {
            EXPECT_FRAME(r, "error", "bad_request");
            QCOMPARE(num(at(r, "id")), 9);
            QVERIFY2(str(at(r, "message")).contains(badField), r.dump().c_str());
            QVERIFY(roundTrip(*alice));
            QVERIFY(!alice->has("message"));
            QCOMPARE(js(historyOf(*alice, "general")), js(Json::array()));
            return;
        }
        EXPECT_FRAME(r, "ack");
        QCOMPARE(num(at(r, "seq")), 1);
        const Json m = reply(alice->waitFor("message", 3000));
        EXPECT_FRAME(m, "message");
        QCOMPARE(js(at(m, "kind")), js(at(extra, "kind")));
        QCOMPARE(js(at(m, "body")), js(at(extra, "body")));
        if (extra.contains("client_msg_id"))
            QCOMPARE(js(at(m, "client_msg_id")), js(at(extra, "client_msg_id")));
        const Json stored = historyOf(*alice, "general");
        QCOMPARE(seqsOf(stored), range(1, 1));
        QCOMPARE(js(at(stored[0], "body")), js(at(extra, "body")));
    }

    void readOnlyTokenIsForbidden()
    {
        auto reader = client("reader", std::nullopt, false);
        auto bob = client("bob");
        QVERIFY(reader && bob);
        // Read-only may subscribe ...
        EXPECT_FRAME(reply(reader->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        // ... but not publish (with or without client_msg_id) nor type.
        Json publish = chat("general", "hi", "ro-1");
        publish["id"] = 3;
        const Json e = reply(reader->request(publish));
        EXPECT_FRAME(e, "error", "forbidden");
        QCOMPARE(num(at(e, "id")), 3);
        const Json e2 = reply(reader->request(chat("general", "hi")));
        EXPECT_FRAME(e2, "error", "forbidden");
        const Json t = reply(reader->request({{"type", "typing"}, {"id", 4}, {"room", "general"}}));
        EXPECT_FRAME(t, "error", "forbidden");
        QCOMPARE(num(at(t, "id")), 4);
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QVERIFY(!bob->has("typing"));
        QCOMPARE(js(historyOf(*bob, "general")), js(Json::array()));
    }

    void rateLimited()
    {
        m_fx->stop();
        m_fx->config.publishRate = 5;
        m_fx->config.publishBurst = 5;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        auto fast = std::make_unique<TestClient>();
        const Json welcome = reply(fast->connectAndHello(m_fx->url(), m_fx->token("alice")));
        QCOMPARE(num(at(at(welcome, "limits"), "publish_per_s")), 5);
        auto other = client("alice"); // another connection of the same user
        auto bob = client("bob");
        QVERIFY(other && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");

        for (int i = 1; i <= 6; ++i) {
            Json frame = chat("general", "m" + std::to_string(i), "rl-" + std::to_string(i));
            frame["id"] = i;
            fast->send(frame);
        }
        for (int i = 1; i <= 5; ++i) {
            const Json ack = reply(fast->waitFor("ack", 3000, i));
            EXPECT_FRAME(ack, "ack");
            QCOMPARE(num(at(ack, "seq")), i);
        }
        const Json limited = reply(fast->waitFor("error", 3000, 6));
        EXPECT_FRAME(limited, "error", "rate_limited");
        QVERIFY2(at(limited, "retry_after_ms").is_number_integer(), limited.dump().c_str());
        QVERIFY(num(at(limited, "retry_after_ms")) > 0);
        QVERIFY(num(at(limited, "retry_after_ms")) <= 200); // one token at 5/s
        QVERIFY(!fast->has("ack"));

        // Other connections are not slowed, not even the same user's; and the refused
        // publish left no idempotency key behind: its client_msg_id makes a new message.
        const Json otherAck = reply(other->request(chat("general", "other", "rl-6")));
        EXPECT_FRAME(otherAck, "ack");
        QCOMPARE(num(at(otherAck, "seq")), 6);
        const Json bobAck = reply(bob->request(chat("general", "bob")));
        EXPECT_FRAME(bobAck, "ack");
        QCOMPARE(num(at(bobAck, "seq")), 7);

        // Nothing of the refused publish was stored or broadcast.
        QList<QString> texts;
        for (const Json &m : historyOf(*bob, "general"))
            texts.append(str(at(at(m, "body"), "text")));
        QCOMPARE(texts,
                 (QList<QString>{QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3"),
                                 QStringLiteral("m4"), QStringLiteral("m5"),
                                 QStringLiteral("other"), QStringLiteral("bob")}));
        QVERIFY(roundTrip(*bob));
        QCOMPARE(seqsOf(Json(bob->take("message"))), range(1, 7));
    }

    void repliesEchoTheId_data()
    {
        QTest::addColumn<QString>("id");      // JSON text
        QTest::addColumn<QString>("outcome"); // ack, or the error code
        const std::vector<std::pair<const char *, Json>> ids{
            {"int", 42},
            {"zero", 0},
            {"negative", -7},
            {"int64", 9007199254740993LL},
            {"string", "req-1"},
            {"empty string", ""},
            {"64 chars", repeat("i", 64)},
            {"64 multi-byte chars", repeat(kEmoji, 64)},
        };
        for (const auto &[name, id] : ids)
            for (const char *outcome : {"ack", "bad_request", "forbidden"})
                QTest::addRow("%s %s", name, outcome)
                    << QString::fromStdString(id.dump()) << QString::fromLatin1(outcome);
    }
    void repliesEchoTheId()
    {
        QFETCH(QString, id);
        QFETCH(QString, outcome);
        auto alice = client("alice", std::vector<std::string>{"open"});
        QVERIFY(alice);
        Json frame = chat(outcome == QLatin1String("forbidden") ? "closed" : "open", "hi");
        if (outcome == QLatin1String("bad_request"))
            frame["kind"] = "Bad Kind";
        frame["id"] = Json::parse(id.toStdString());
        alice->send(frame);
        // Whatever comes back first, it must be the reply, with the id exactly as sent.
        const bool isAck = outcome == QLatin1String("ack");
        const Json r = reply(alice->waitFor(isAck ? "ack" : "error", 3000));
        if (isAck)
            EXPECT_FRAME(r, "ack");
        else
            EXPECT_FRAME(r, "error", outcome.toStdString());
        QVERIFY2(r.contains("id"), r.dump().c_str());
        QCOMPARE(js(at(r, "id")), id);
    }

    void badIdIsRefusedWithoutEcho_data()
    {
        QTest::addColumn<QString>("id"); // JSON text
        QTest::newRow("65 chars") << QString::fromStdString(Json(repeat("i", 65)).dump());
        QTest::newRow("65 multi-byte chars")
            << QString::fromStdString(Json(repeat(kEAcute, 65)).dump());
        QTest::newRow("object") << QStringLiteral("{\"a\":1}");
        QTest::newRow("array") << QStringLiteral("[1]");
        QTest::newRow("float") << QStringLiteral("1.5");
        QTest::newRow("bool") << QStringLiteral("true");
        QTest::newRow("null") << QStringLiteral("null");
    }
    void badIdIsRefusedWithoutEcho()
    {
        QFETCH(QString, id);
        auto alice = client("alice");
        QVERIFY(alice);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        Json frame = chat("general", "hi", "bad-id");
        frame["id"] = Json::parse(id.toStdString());
        alice->send(frame);
        const Json e = reply(alice->waitFor("error", 3000));
        EXPECT_FRAME(e, "error", "bad_request");
        QVERIFY2(!e.contains("id"), e.dump().c_str());
        QVERIFY2(str(at(e, "message")).contains(QLatin1String("id")), e.dump().c_str());
        // Refused before anything else: nothing stored, nothing acknowledged.
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("ack"));
        QVERIFY(!alice->has("message"));
        QCOMPARE(js(historyOf(*alice, "general")), js(Json::array()));
    }

private:
    std::unique_ptr<TestClient> client(const std::string &user,
                                       std::optional<std::vector<std::string>> rooms = std::nullopt,
                                       bool pub = true)
    {
        auto c = std::make_unique<TestClient>();
        if (!c->connectAndHello(m_fx->url(),
                                m_fx->token(user, 3600, std::move(rooms), pub, displayName(user))))
            return nullptr;
        return c;
    }

    std::unique_ptr<ServerFixture> m_fx;
};

ROOMCAST_SERVER_TEST_MAIN(TstPublish)
#include "tst_publish.moc"
