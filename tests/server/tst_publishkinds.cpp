// End to end: what a publish may carry, kind by kind, and the limits of each (PROTOCOL.md
// section 6; docs/protocol.md appendix).
#include "publishtest.h"
#include "servertestmain.h"

#include <QTest>

using namespace roomcast::test;

class TstPublishKinds : public QObject, private PublishRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY2(startRig(), m_fx->lastError.c_str()); }
    void cleanup() { releaseRig(); }

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
};

ROOMCAST_SERVER_TEST_MAIN(TstPublishKinds)
#include "tst_publishkinds.moc"
