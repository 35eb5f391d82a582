// decode(encode(x)) gives x back for every server and client frame; decoding a server frame is
// strict on types and ignores unknown fields; error codes and their wire names, both ways. The
// exact text the encoder writes: tst_encodertext.
#include "codename.h"
#include "encodertest.h"

#include <QtTest>

using namespace roomcast::test::encodertest;

using roomcast::test::codeName;

namespace {

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

//! What the encoder writes is what every client parses: decode(encode(x)) must give x back for
//! every frame.
class TestEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
