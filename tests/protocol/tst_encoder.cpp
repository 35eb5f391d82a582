#include "protocol/codec.h"

#include <QtTest>

using namespace roomcast::protocol;

namespace {

// QCOMPARE cannot print an ErrorCode: ADL finds protocol::toString(ErrorCode), which returns
// a string_view, not the char* QTest expects. Compare the wire names instead.
QByteArray codeName(ErrorCode code)
{
    const std::string_view name = toString(code);
    return QByteArray(name.data(), qsizetype(name.size()));
}

constexpr std::int64_t kTs = 1795867200000; // 2026-11-28T12:00:00.000Z

QByteArray q(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

Message sampleMessage(std::int64_t seq, std::string clientMsgId = {})
{
    Message m;
    m.room = "general";
    m.seq = seq;
    m.tsMs = kTs;
    m.from = {"alice", "Alice"};
    m.kind = "chat";
    m.body = Json{{"text", "Hello"}};
    m.clientMsgId = std::move(clientMsgId);
    return m;
}

// Every server frame type at least once, with optional fields both set and unset.
std::vector<std::pair<const char *, ServerFrame>> serverSamples()
{
    std::vector<std::pair<const char *, ServerFrame>> s;
    Welcome welcome{nullptr, "sess-1", "node-a", {"alice", "Alice"}, 1795000000, 20000, 5000,
                    1024,    3,        7};
    s.emplace_back("welcome", welcome);
    Subscribed subscribed{Json(1),
                          "general",
                          "k3f9",
                          57,
                          true,
                          {sampleMessage(56), sampleMessage(57, "c-1")},
                          {{"alice", "Alice"}, {"bob", "Bob"}}};
    s.emplace_back("subscribed", subscribed);
    s.emplace_back("subscribed empty", Subscribed{Json(), "r", "e", 0, false, {}, {}});
    s.emplace_back("unsubscribed", Unsubscribed{Json("u"), "general", ""});
    s.emplace_back("unsubscribed forbidden", Unsubscribed{Json(), "general", "forbidden"});
    s.emplace_back("ack", Ack{Json(7), "general", 58, kTs});
    s.emplace_back("message", sampleMessage(58, "6f1c"));
    Message metric = sampleMessage(9);
    metric.kind = "metric";
    metric.body = Json{{"name", "cpu"}, {"value", 0.25}, {"unit", "%"}};
    s.emplace_back("message metric", metric);
    s.emplace_back("history",
                   HistoryReply{Json(9), "general", {sampleMessage(1), sampleMessage(2)}, true});
    s.emplace_back("history empty", HistoryReply{Json(), "general", {}, false});
    s.emplace_back("typing", TypingEvent{"general", {"bob", "Bob"}});
    s.emplace_back("join", PresenceEvent{true, "general", {"bob", "Bob"}, kTs});
    s.emplace_back("leave", PresenceEvent{false, "general", {"bob", "Bob"}, kTs + 1});
    s.emplace_back("presence", PresenceReply{Json(3), "general", {{"alice", "Alice"}}});
    s.emplace_back("pong", Pong{Json(5), kTs});
    s.emplace_back("refreshed", Refreshed{Json(4), 1795003600});
    s.emplace_back("error", ErrorReply{Json(7), "rate_limited", "slow down", 250});
    s.emplace_back("error bare", ErrorReply{Json(), "bad_request", "not JSON", std::nullopt});
    s.emplace_back("goaway", Goaway{"shutdown", 1234});
    s.emplace_back("goaway no reason", Goaway{"", 0});
    return s;
}

std::vector<std::pair<const char *, Request>> clientSamples()
{
    std::vector<std::pair<const char *, Request>> s;
    s.emplace_back("hello", Request{Json(), Hello{1, "a.b.c", "roomcast-qt/0.1.0"}});
    s.emplace_back("hello bare", Request{Json(), Hello{1, "", ""}});
    s.emplace_back("subscribe", Request{Json(1), Subscribe{"general", Since{"k3f9", 41}, 100}});
    s.emplace_back("subscribe plain", Request{Json("s"), Subscribe{"general", std::nullopt, 50}});
    s.emplace_back("unsubscribe", Request{Json(2), Unsubscribe{"general"}});
    s.emplace_back("publish",
                   Request{Json(7), Publish{"general", "chat", Json{{"text", "Hi"}}, "6f1c"}});
    s.emplace_back("publish custom", Request{Json(), Publish{"g", "x.y", Json{{"a", {1, 2}}}, ""}});
    s.emplace_back("history", Request{Json(9), HistoryRequest{"general", 42, 10}});
    s.emplace_back("history plain", Request{Json(), HistoryRequest{"general", std::nullopt, 50}});
    s.emplace_back("typing", Request{Json(), TypingRequest{"general"}});
    s.emplace_back("presence", Request{Json(3), PresenceRequest{"general"}});
    s.emplace_back("ping", Request{Json(5), PingRequest{}});
    s.emplace_back("refresh", Request{Json(4), Refresh{"x.y.z"}});
    return s;
}

} // namespace

//! What the encoder writes is what every client parses: field names and order are pinned
//! to PROTOCOL.md here, and decode(encode(x)) must give x back for every frame.
class TestEncoder : public QObject
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

    void serverRoundTrip_data()
    {
        QTest::addColumn<int>("index");
        const auto samples = serverSamples();
        for (int i = 0; i < int(samples.size()); ++i)
            QTest::newRow(samples[std::size_t(i)].first) << i;
    }
    void serverRoundTrip()
    {
        QFETCH(int, index);
        const ServerFrame original = serverSamples()[std::size_t(index)].second;
        const std::string text = encode(original);
        const Expected<ServerFrame> decoded = decodeServerFrame(text);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded.value().index(), original.index());
        // Encoding is deterministic and writes every field, so equal text means equal frames.
        QCOMPARE(q(encode(decoded.value())), q(text));
    }

    void messageRoundTripFields()
    {
        Message m = sampleMessage(42, "cm-1");
        m.body = Json{{"text", "x"}, {"nested", {{"a", 1.5}, {"b", nullptr}}}};
        const Expected<ServerFrame> decoded = decodeServerFrame(encodeMessage(m));
        QVERIFY(decoded.ok());
        const auto &back = std::get<Message>(decoded.value());
        QCOMPARE(q(back.room), q(m.room));
        QCOMPARE(back.seq, m.seq);
        QCOMPARE(back.tsMs, m.tsMs);
        QVERIFY(back.from == m.from);
        QCOMPARE(q(back.kind), q(m.kind));
        QCOMPARE(back.body, m.body);
        QCOMPARE(q(back.clientMsgId), q(m.clientMsgId));
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

    void clientRoundTrip_data()
    {
        QTest::addColumn<int>("index");
        const auto samples = clientSamples();
        for (int i = 0; i < int(samples.size()); ++i)
            QTest::newRow(samples[std::size_t(i)].first) << i;
    }
    void clientRoundTrip()
    {
        QFETCH(int, index);
        const Request original = clientSamples()[std::size_t(index)].second;
        const std::string text = encode(original);
        const auto decoded = decodeClientFrame(text);
        const auto *request = std::get_if<Request>(&decoded);
        QVERIFY2(request, request ? "" : std::get<DecodeFailure>(decoded).error.message.c_str());
        QCOMPARE(request->id, original.id);
        QCOMPARE(request->frame.index(), original.frame.index());
        QCOMPARE(q(encode(*request)), q(text));
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

    void serverDecodeIsStrictOnTypes_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("not json") << QByteArray("{") << QByteArray();
        QTest::newRow("array") << QByteArray("[]") << QByteArray();
        QTest::newRow("no type") << QByteArray(R"({"id":1})") << QByteArray("type");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"hello"})") << QByteArray("type");
        QTest::newRow("ack seq string")
            << QByteArray(R"({"type":"ack","room":"g","seq":"1","ts":"2026-11-28T12:00:00.000Z"})")
            << QByteArray("seq");
        QTest::newRow("ack bad ts")
            << QByteArray(R"({"type":"ack","room":"g","seq":1,"ts":"yesterday"})")
            << QByteArray("ts");
        QTest::newRow("ack bad id")
            << QByteArray(
                   R"({"type":"ack","id":1.5,"room":"g","seq":1,"ts":"2026-11-28T12:00:00.000Z"})")
            << QByteArray("id");
        QTest::newRow("message body array")
            << QByteArray(
                   R"({"type":"message","room":"g","seq":1,"ts":"2026-11-28T12:00:00.000Z","from":{"id":"a","name":"A"},"kind":"chat","body":[]})")
            << QByteArray("body");
        QTest::newRow("message from name")
            << QByteArray(
                   R"({"type":"message","room":"g","seq":1,"ts":"2026-11-28T12:00:00.000Z","from":{"id":"a"},"kind":"chat","body":{}})")
            << QByteArray("from.name");
        QTest::newRow("history item")
            << QByteArray(
                   R"({"type":"history","room":"g","messages":[{"room":"g","seq":"x"}],"more":false})")
            << QByteArray("messages[0].seq");
        QTest::newRow("history more")
            << QByteArray(R"({"type":"history","room":"g","messages":[],"more":1})")
            << QByteArray("more");
        QTest::newRow("presence users")
            << QByteArray(R"({"type":"presence","room":"g","users":[{"id":"a","name":"A"},5]})")
            << QByteArray("users[1]");
        QTest::newRow("welcome heartbeat")
            << QByteArray(
                   R"({"type":"welcome","session":"s","node":"n","user":{"id":"a","name":"A"},"exp":1,"heartbeat":{"interval_ms":"x","timeout_ms":1},"limits":{}})")
            << QByteArray("heartbeat.interval_ms");
        QTest::newRow("error retry")
            << QByteArray(
                   R"({"type":"error","code":"rate_limited","message":"m","retry_after_ms":"1"})")
            << QByteArray("retry_after_ms");
        QTest::newRow("goaway ms") << QByteArray(R"({"type":"goaway","reconnect_in_ms":-1})")
                                   << QByteArray("reconnect_in_ms");
    }
    void serverDecodeIsStrictOnTypes()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, field);
        const Expected<ServerFrame> result = decodeServerFrame(frame.toStdString());
        QVERIFY(!result.ok());
        QCOMPARE(codeName(result.error().code), codeName(ErrorCode::BadRequest));
        QCOMPARE(q(result.error().field), field);
    }

    void serverDecodeIgnoresUnknownFields()
    {
        const Expected<ServerFrame> result = decodeServerFrame(
            R"({"type":"pong","id":5,"ts":"2026-11-28T13:00:00.000+01:00","future":{"x":[1]}})");
        QVERIFY(result.ok());
        const auto &pong = std::get<Pong>(result.value());
        QCOMPARE(pong.id, Json(5));
        QCOMPARE(pong.tsMs, kTs);
    }

    void errorCodeNames_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("bad_request") << int(ErrorCode::BadRequest) << QByteArray("bad_request");
        QTest::newRow("unauthorized") << int(ErrorCode::Unauthorized) << QByteArray("unauthorized");
        QTest::newRow("forbidden") << int(ErrorCode::Forbidden) << QByteArray("forbidden");
        QTest::newRow("unsupported_protocol")
            << int(ErrorCode::UnsupportedProtocol) << QByteArray("unsupported_protocol");
        QTest::newRow("not_subscribed")
            << int(ErrorCode::NotSubscribed) << QByteArray("not_subscribed");
        QTest::newRow("too_many_rooms")
            << int(ErrorCode::TooManyRooms) << QByteArray("too_many_rooms");
        QTest::newRow("rate_limited") << int(ErrorCode::RateLimited) << QByteArray("rate_limited");
        QTest::newRow("unavailable") << int(ErrorCode::Unavailable) << QByteArray("unavailable");
        QTest::newRow("internal") << int(ErrorCode::Internal) << QByteArray("internal");
    }
    void errorCodeNames()
    {
        QFETCH(int, code);
        QFETCH(QByteArray, name);
        const auto errorCode = static_cast<ErrorCode>(code);
        QCOMPARE(codeName(errorCode), name);
        const std::optional<ErrorCode> parsed = errorCodeFromString(name.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(codeName(*parsed), name);
    }
    void unknownErrorCodeName()
    {
        QVERIFY(!errorCodeFromString("Bad_Request").has_value());
        QVERIFY(!errorCodeFromString("").has_value());
    }
};

QTEST_GUILESS_MAIN(TestEncoder)
#include "tst_encoder.moc"
