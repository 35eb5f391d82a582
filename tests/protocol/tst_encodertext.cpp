// What the encoder writes, byte for byte: field names and order are pinned to PROTOCOL.md,
// message templates and spliced history reuse encoded bytes, escaping and invalid UTF-8 still
// give JSON. decode(encode(x)) for every frame, server-frame decoding, error codes: tst_encoder.
#include "encodertest.h"

#include <QtTest>

using namespace roomcast::test::encodertest;

//! Field names and order are pinned to PROTOCOL.md here: what the encoder writes is what every
//! client parses.
class TestEncoderText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exactText_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QByteArray>("expected");
        const auto row = [](const char *name, const ServerFrame &frame, const char *expected) {
            QTest::newRow(name) << q(encode(frame)) << QByteArray(expected);
        };
        row("ack", Ack{Json(7), "general", 58, kTs},
            R"({"type":"ack","id":7,"room":"general","seq":58,"ts":"2026-11-28T12:00:00.000Z"})");
        row("message", sampleMessage(58, "6f1c"),
            R"({"type":"message","room":"general","seq":58,"ts":"2026-11-28T12:00:00.000Z","from":{"id":"alice","name":"Alice"},"kind":"chat","body":{"text":"Hello"},"client_msg_id":"6f1c"})");
        row("message without client_msg_id", sampleMessage(3),
            R"({"type":"message","room":"general","seq":3,"ts":"2026-11-28T12:00:00.000Z","from":{"id":"alice","name":"Alice"},"kind":"chat","body":{"text":"Hello"}})");
        row("welcome", Welcome{nullptr, "s1", "n1", {"alice", "Alice"}, 1795000000},
            R"({"type":"welcome","protocol":1,"session":"s1","node":"n1","user":{"id":"alice","name":"Alice"},"exp":1795000000,"heartbeat":{"interval_ms":25000,"timeout_ms":10000},"limits":{"max_frame_bytes":65536,"max_rooms":100,"publish_per_s":20}})");
        row("subscribed", Subscribed{Json(1), "general", "k3f9", 57, true, {}, {{"bob", "Bob"}}},
            R"({"type":"subscribed","id":1,"room":"general","epoch":"k3f9","seq":57,"recovered":true,"history":[],"presence":[{"id":"bob","name":"Bob"}]})");
        row("unsubscribed", Unsubscribed{Json(2), "general", ""},
            R"({"type":"unsubscribed","id":2,"room":"general"})");
        row("unsubscribed forbidden", Unsubscribed{Json(), "general", "forbidden"},
            R"({"type":"unsubscribed","room":"general","reason":"forbidden"})");
        row("history", HistoryReply{Json("h"), "general", {}, false},
            R"({"type":"history","id":"h","room":"general","messages":[],"more":false})");
        row("typing", TypingEvent{"general", {"bob", "Bob"}},
            R"({"type":"typing","room":"general","user":{"id":"bob","name":"Bob"}})");
        row("join", PresenceEvent{true, "general", {"bob", "Bob"}, kTs},
            R"({"type":"join","room":"general","user":{"id":"bob","name":"Bob"},"ts":"2026-11-28T12:00:00.000Z"})");
        row("leave", PresenceEvent{false, "general", {"bob", "Bob"}, kTs},
            R"({"type":"leave","room":"general","user":{"id":"bob","name":"Bob"},"ts":"2026-11-28T12:00:00.000Z"})");
        row("presence", PresenceReply{Json(3), "general", {{"alice", "Alice"}, {"bob", "Bob"}}},
            R"({"type":"presence","id":3,"room":"general","users":[{"id":"alice","name":"Alice"},{"id":"bob","name":"Bob"}]})");
        row("pong", Pong{Json(5), kTs},
            R"({"type":"pong","id":5,"ts":"2026-11-28T12:00:00.000Z"})");
        row("refreshed", Refreshed{Json(4), 1795003600},
            R"({"type":"refreshed","id":4,"exp":1795003600})");
        row("error",
            ErrorReply{Json(7), "bad_request", "body.text: must be a string", std::nullopt},
            R"({"type":"error","id":7,"code":"bad_request","message":"body.text: must be a string"})");
        row("error rate limited", ErrorReply{Json(), "rate_limited", "slow down", 120},
            R"({"type":"error","code":"rate_limited","message":"slow down","retry_after_ms":120})");
        row("goaway", Goaway{"shutdown", 2500},
            R"({"type":"goaway","reason":"shutdown","reconnect_in_ms":2500})");
    }
    void exactText()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QByteArray, expected);
        QCOMPARE(encoded, expected);
    }

    void exactClientText()
    {
        QCOMPARE(
            q(encode(Request{Json(1), Subscribe{"general", Since{"k3f9", 41}, 50}})),
            QByteArray(
                R"({"type":"subscribe","id":1,"room":"general","since":{"epoch":"k3f9","seq":41},"limit":50})"));
        QCOMPARE(
            q(encode(
                Request{Json(7), Publish{"general", "chat", Json{{"text", "Hello"}}, "6f1c"}})),
            QByteArray(
                R"({"type":"publish","id":7,"room":"general","kind":"chat","body":{"text":"Hello"},"client_msg_id":"6f1c"})"));
        QCOMPARE(q(encode(Request{Json(), Hello{1, "T", "c/1"}})),
                 QByteArray(R"({"type":"hello","protocol":1,"token":"T","client":"c/1"})"));
        QCOMPARE(q(encode(Request{Json(), PingRequest{}})), QByteArray(R"({"type":"ping"})"));
    }

    void messageTemplateSplicesSeq_data()
    {
        QTest::addColumn<QString>("clientMsgId");
        QTest::newRow("with client_msg_id") << QStringLiteral("cm-1");
        QTest::newRow("without") << QString();
    }

    void messageTemplateSplicesSeq()
    {
        QFETCH(QString, clientMsgId);
        for (const std::int64_t seq :
             {std::int64_t{1}, std::int64_t{58}, std::int64_t{9007199254740993}}) {
            const Message m = sampleMessage(seq, clientMsgId.toStdString());
            const MessageTemplate t = encodeMessageTemplate(m);
            QCOMPARE(q(t.head + std::to_string(seq) + t.tail), q(encodeMessage(m)));
        }
    }

    void encodeUserMatchesEventText()
    {
        const UserRef alice{"al\"ice", "Alice"};
        const std::string event = encode(ServerFrame(PresenceEvent{true, "r", alice, 0}));
        QVERIFY2(event.find("\"user\":" + encodeUser(alice) + ",") != std::string::npos,
                 event.c_str());
    }

    void spliceReusesEncodedMessages()
    {
        const std::vector<Message> history{sampleMessage(1), sampleMessage(2, "c")};
        std::vector<std::string> encoded;
        for (const Message &m : history)
            encoded.push_back(encodeMessage(m));

        Subscribed subscribed{Json(1), "general", "e", 2, false, history, {{"bob", "Bob"}}};
        QCOMPARE(q(encodeSubscribed(subscribed, encoded)), q(encode(ServerFrame{subscribed})));
        HistoryReply reply{Json(9), "general", history, true};
        QCOMPARE(q(encodeHistoryReply(reply, encoded)), q(encode(ServerFrame{reply})));

        // The given bytes are spliced verbatim (not re-serialized), and the frame's own
        // message list is not consulted.
        const std::vector<std::string> verbatim{R"({ "type" : "message", "x" : 1 })"};
        const std::string spliced =
            encodeHistoryReply(HistoryReply{Json(), "r", {}, false}, verbatim);
        QCOMPARE(
            q(spliced),
            QByteArray(
                R"({"type":"history","room":"r","messages":[{ "type" : "message", "x" : 1 }],"more":false})"));
        const std::string many =
            encodeSubscribed(Subscribed{Json(), "r", "e", 0, false, {}, {}}, {"1", "2", "3"});
        QVERIFY(q(many).contains(R"("history":[1,2,3])"));
    }

    void invalidUtf8DoesNotThrow()
    {
        Message m = sampleMessage(1, "id\xff");
        m.room = "bad\xc3";
        m.from.name = "Ev\xe2\x82il";
        m.body = Json{{"text", "broken \xf0\x9f tail"}};
        std::string text;
        try {
            text = encodeMessage(m);
        } catch (...) {
            QFAIL("encodeMessage threw");
        }
        const Json parsed = Json::parse(text, nullptr, false);
        QVERIFY(!parsed.is_discarded());
        QCOMPARE(parsed["room"].get<std::string>(), std::string("bad\xef\xbf\xbd"));
        QVERIFY(parsed["body"]["text"].get<std::string>().find("\xef\xbf\xbd") !=
                std::string::npos);
        QVERIFY(parsed["from"]["name"].get<std::string>().find("\xef\xbf\xbd") !=
                std::string::npos);

        const std::string error =
            encode(ServerFrame{ErrorReply{Json("\xfe"), "internal", "\x80", std::nullopt}});
        QVERIFY(!Json::parse(error, nullptr, false).is_discarded());
    }

    void escaping()
    {
        Message m = sampleMessage(1);
        m.from.name = "quote\" back\\ nl\n tab\t ctl\x01 \xc3\xa9 \xf0\x9f\x98\x80";
        const std::string text = encodeMessage(m);
        QVERIFY(q(text).contains("quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 "));
        const Json parsed = Json::parse(text, nullptr, false);
        QVERIFY(!parsed.is_discarded());
        QCOMPARE(q(parsed["from"]["name"].get<std::string>()), q(m.from.name));
    }
};

QTEST_GUILESS_MAIN(TestEncoderText)
#include "tst_encodertext.moc"
