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

QByteArray q(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

using Result = std::variant<Request, DecodeFailure>;

Result decode(const QByteArray &text, const DecodeLimits &limits = {})
{
    return decodeClientFrame(std::string_view(text.constData(), std::size_t(text.size())), limits);
}

QByteArray describe(const Result &result)
{
    if (const auto *failure = std::get_if<DecodeFailure>(&result))
        return "decode failed: " + q(failure->error.message);
    return "decoded: " + q(encode(std::get<Request>(result)));
}

template <typename Frame> const Frame *frameOf(const Result &result)
{
    const auto *request = std::get_if<Request>(&result);
    return request ? std::get_if<Frame>(&request->frame) : nullptr;
}

// JSON string literal of `s`. (Test JSON is written without raw strings that hold an odd
// number of quotes: moc 6.4 mis-tokenizes those and then finds no Q_OBJECT class.)
QByteArray jstr(const QByteArray &s)
{
    return '"' + s + '"';
}

QByteArray repeated(const QByteArray &unit, int count)
{
    return unit.repeated(count);
}

} // namespace

//! The decoder is the server's first line of defence: every frame a client can send must
//! come out typed, and every bad one must name the field at fault, without throwing.
class TestDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hello()
    {
        const Result r =
            decode(R"({"type":"hello","protocol":1,"token":"a.b.c","client":"cli/1","x":1})");
        const auto *hello = frameOf<Hello>(r);
        QVERIFY2(hello, describe(r).constData());
        QCOMPARE(hello->protocol, 1);
        QCOMPARE(q(hello->token), QByteArray("a.b.c"));
        QCOMPARE(q(hello->client), QByteArray("cli/1"));
        QVERIFY(std::get<Request>(r).id.is_null());
    }

    void helloTolerance()
    {
        // A token of the wrong type is left empty (the server answers unauthorized), and an
        // unknown protocol version decodes (the server answers unsupported_protocol).
        const Result r = decode(R"({"type":"hello","protocol":2,"token":42})");
        const auto *hello = frameOf<Hello>(r);
        QVERIFY2(hello, describe(r).constData());
        QCOMPARE(hello->protocol, 2);
        QVERIFY(hello->token.empty());
        QVERIFY(hello->client.empty());
        // `client` is informational: a wrong type must not pre-empt the protocol check.
        const Result badClient = decode(R"({"type":"hello","protocol":2,"client":{}})");
        const auto *withBadClient = frameOf<Hello>(badClient);
        QVERIFY2(withBadClient, describe(badClient).constData());
        QCOMPARE(withBadClient->protocol, 2);
        QVERIFY(withBadClient->client.empty());

        const Result hugeResult = decode(R"({"type":"hello","protocol":99999999999999999999})");
        const auto *huge = frameOf<Hello>(hugeResult);
        QVERIFY(!huge); // 1e20 is past uint64: nlohmann reads it as a float, not an integer
        const Result bigResult = decode(R"({"type":"hello","protocol":9999999999})");
        const auto *big = frameOf<Hello>(bigResult);
        QVERIFY(big);
        QVERIFY(big->protocol != kProtocolVersion);
    }

    void subscribe()
    {
        const Result r = decode(
            R"({"type":"subscribe","id":1,"room":"general","since":{"epoch":"k3f9","seq":41},"limit":500})");
        const auto *sub = frameOf<Subscribe>(r);
        QVERIFY2(sub, describe(r).constData());
        QCOMPARE(q(sub->room), QByteArray("general"));
        QVERIFY(sub->since.has_value());
        QCOMPARE(q(sub->since->epoch), QByteArray("k3f9"));
        QCOMPARE(sub->since->seq, std::int64_t(41));
        QCOMPARE(sub->limit, 500);
        QCOMPARE(std::get<Request>(r).id, Json(1));
    }

    void subscribeDefaults()
    {
        const Result r = decode(R"({"type":"subscribe","room":"a:b","since":null,"limit":null})");
        const auto *sub = frameOf<Subscribe>(r);
        QVERIFY2(sub, describe(r).constData());
        QVERIFY(!sub->since.has_value());
        QCOMPARE(sub->limit, 50);
    }

    void roomOnlyFrames()
    {
        const Result unsubResult = decode(R"({"type":"unsubscribe","id":"u-1","room":"r1"})");
        const auto *unsub = frameOf<Unsubscribe>(unsubResult);
        QVERIFY(unsub);
        QCOMPARE(q(unsub->room), QByteArray("r1"));
        const Result typingResult = decode(R"({"type":"typing","room":"r2"})");
        const auto *typing = frameOf<TypingRequest>(typingResult);
        QVERIFY(typing);
        QCOMPARE(q(typing->room), QByteArray("r2"));
        const Result presenceResult = decode(R"({"type":"presence","id":3,"room":"r3"})");
        const auto *presence = frameOf<PresenceRequest>(presenceResult);
        QVERIFY(presence);
        QCOMPARE(q(presence->room), QByteArray("r3"));
    }

    void publish_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QByteArray>("clientMsgId");
        QTest::newRow("chat")
            << QByteArray(
                   R"({"type":"publish","id":7,"room":"general","kind":"chat","body":{"text":"Hello"},"client_msg_id":"6f1c"})")
            << QByteArray("chat") << QByteArray("6f1c");
        QTest::newRow("chat 4000 code points")
            << QByteArray(R"({"type":"publish","room":"g","kind":"chat","body":{"text":)" +
                          jstr(repeated("\xc3\xa9", 4000)) + R"(}})")
            << QByteArray("chat") << QByteArray();
        QTest::newRow("chat 4000 emoji")
            << QByteArray(R"({"type":"publish","room":"g","kind":"chat","body":{"text":)" +
                          jstr(repeated("\xf0\x9f\x98\x80", 4000)) + R"(}})")
            << QByteArray("chat") << QByteArray();
        QTest::newRow("notification full")
            << QByteArray(
                   R"({"type":"publish","room":"g","kind":"notification","body":{"title":"Deploy","text":"done","level":"success","url":"example.org/deploy"}})")
            << QByteArray("notification") << QByteArray();
        QTest::newRow("notification minimal")
            << QByteArray(
                   R"({"type":"publish","room":"g","kind":"notification","body":{"title":"T"}})")
            << QByteArray("notification") << QByteArray();
        QTest::newRow("metric int")
            << QByteArray(
                   R"({"type":"publish","room":"g","kind":"metric","body":{"name":"cpu","value":3}})")
            << QByteArray("metric") << QByteArray();
        QTest::newRow("metric float unit")
            << QByteArray(
                   R"({"type":"publish","room":"g","kind":"metric","body":{"name":"cpu","value":-0.5,"unit":"%"}})")
            << QByteArray("metric") << QByteArray();
        QTest::newRow("unknown kind untouched")
            << QByteArray(
                   R"({"type":"publish","room":"g","kind":"x.custom","body":{"text":5,"deep":{"a":[1,2]}}})")
            << QByteArray("x.custom") << QByteArray();
        QTest::newRow("client_msg_id 64")
            << QByteArray(R"({"type":"publish","room":"g","kind":"k","body":{},"client_msg_id":)" +
                          jstr(QByteArray(64, 'c')) + R"(})")
            << QByteArray("k") << QByteArray(64, 'c');
        QTest::newRow("client_msg_id null")
            << QByteArray(
                   R"({"type":"publish","room":"g","kind":"k","body":{},"client_msg_id":null})")
            << QByteArray("k") << QByteArray();
    }
    void publish()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, kind);
        QFETCH(QByteArray, clientMsgId);
        const Result r = decode(frame);
        const auto *publish = frameOf<Publish>(r);
        QVERIFY2(publish, describe(r).constData());
        QCOMPARE(q(publish->kind), kind);
        QCOMPARE(q(publish->clientMsgId), clientMsgId);
        QVERIFY(publish->body.is_object());
        // The body comes through exactly as sent.
        const Json sent = Json::parse(frame.toStdString());
        QCOMPARE(publish->body, sent["body"]);
    }

    void history()
    {
        const Result r =
            decode(R"({"type":"history","id":9,"room":"general","before":42,"limit":1})");
        const auto *history = frameOf<HistoryRequest>(r);
        QVERIFY2(history, describe(r).constData());
        QCOMPARE(q(history->room), QByteArray("general"));
        QCOMPARE(history->before, std::optional<std::int64_t>(42));
        QCOMPARE(history->limit, 1);

        const Result defaultsResult = decode(R"({"type":"history","room":"general"})");
        const auto *defaults = frameOf<HistoryRequest>(defaultsResult);
        QVERIFY(defaults);
        QVERIFY(!defaults->before.has_value());
        QCOMPARE(defaults->limit, 50);
    }

    void pingAndRefresh()
    {
        const Result ping = decode(R"({"type":"ping","id":5})");
        QVERIFY(frameOf<PingRequest>(ping));
        QCOMPARE(std::get<Request>(ping).id, Json(5));
        const Result refresh = decode(R"({"type":"refresh","id":4,"token":"x.y.z"})");
        QVERIFY(frameOf<Refresh>(refresh));
        QCOMPARE(q(frameOf<Refresh>(refresh)->token), QByteArray("x.y.z"));
    }

    void ids_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("id");
        QTest::newRow("absent") << QByteArray(R"({"type":"ping"})") << QByteArray("null");
        QTest::newRow("zero") << QByteArray(R"({"type":"ping","id":0})") << QByteArray("0");
        QTest::newRow("negative") << QByteArray(R"({"type":"ping","id":-12})") << QByteArray("-12");
        QTest::newRow("uint64") << QByteArray(R"({"type":"ping","id":18446744073709551615})")
                                << QByteArray("18446744073709551615");
        QTest::newRow("string") << QByteArray(R"({"type":"ping","id":"req-1"})")
                                << QByteArray(R"("req-1")");
        QTest::newRow("empty string")
            << QByteArray(R"({"type":"ping","id":""})") << QByteArray(R"("")");
        QTest::newRow("64 chars") << QByteArray(R"({"type":"ping","id":)" +
                                                jstr(QByteArray(64, 'i')) + R"(})")
                                  << QByteArray('"' + QByteArray(64, 'i') + '"');
        QTest::newRow("64 code points")
            << QByteArray(R"({"type":"ping","id":)" + jstr(repeated("\xc3\xa9", 64)) + R"(})")
            << QByteArray('"' + repeated("\xc3\xa9", 64) + '"');
    }
    void ids()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, id);
        const Result r = decode(frame);
        QVERIFY2(std::holds_alternative<Request>(r), describe(r).constData());
        QCOMPARE(std::get<Request>(r).id, Json::parse(id.toStdString()));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("id"); // JSON of DecodeFailure::id

        const QByteArray roomWhat = "room: must be 1-64 characters of [A-Za-z0-9_.:-]";
        const QByteArray limitWhat = "limit: must be an integer from 1 to 500";
        const QByteArray idWhat = "id: must be an integer or a string of at most 64 characters";
        const QByteArray kindWhat = "kind: must be 1-32 characters of [a-z0-9_.-]";
        const auto pub = [](const QByteArray &kind, const QByteArray &body) {
            return QByteArray(R"({"type":"publish","id":7,"room":"g","kind":)" + jstr(kind) +
                              R"(,"body":)" + body + "}");
        };

        // Not a frame at all.
        QTest::newRow("not json") << QByteArray("hello") << QByteArray() << QByteArray("not JSON")
                                  << QByteArray("null");
        QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray("not JSON")
                               << QByteArray("null");
        QTest::newRow("truncated") << QByteArray(R"({"type":"ping")") << QByteArray()
                                   << QByteArray("not JSON") << QByteArray("null");
        QTest::newRow("trailing garbage") << QByteArray(R"({"type":"ping"} x)") << QByteArray()
                                          << QByteArray("not JSON") << QByteArray("null");
        QTest::newRow("trailing NUL") << QByteArray("{\"type\":\"ping\"}\0", 16) << QByteArray()
                                      << QByteArray("not JSON") << QByteArray("null");
        QTest::newRow("NUL then a value")
            << QByteArray("{\"type\":\"ping\"}\0{}", 18) << QByteArray() << QByteArray("not JSON")
            << QByteArray("null");
        QTest::newRow("second value")
            << QByteArray(R"({"type":"ping"}{"type":"ping"})") << QByteArray()
            << QByteArray("not JSON") << QByteArray("null");
        QTest::newRow("invalid utf-8")
            << QByteArray("{\"type\":\"ping\",\"x\":\"\xff\"}") << QByteArray()
            << QByteArray("not JSON") << QByteArray("null");
        QTest::newRow("comment") << QByteArray(R"({"type":"ping"} // hi)") << QByteArray()
                                 << QByteArray("not JSON") << QByteArray("null");
        QTest::newRow("array") << QByteArray(R"([{"type":"ping"}])") << QByteArray()
                               << QByteArray("must be an object") << QByteArray("null");
        QTest::newRow("string") << QByteArray(R"("ping")") << QByteArray()
                                << QByteArray("must be an object") << QByteArray("null");
        QTest::newRow("number") << QByteArray("42") << QByteArray()
                                << QByteArray("must be an object") << QByteArray("null");

        // id
        QTest::newRow("id float") << QByteArray(R"({"type":"ping","id":1.5})") << QByteArray("id")
                                  << idWhat << QByteArray("null");
        QTest::newRow("id bool") << QByteArray(R"({"type":"ping","id":true})") << QByteArray("id")
                                 << idWhat << QByteArray("null");
        QTest::newRow("id null") << QByteArray(R"({"type":"ping","id":null})") << QByteArray("id")
                                 << idWhat << QByteArray("null");
        QTest::newRow("id array") << QByteArray(R"({"type":"ping","id":[1]})") << QByteArray("id")
                                  << idWhat << QByteArray("null");
        QTest::newRow("id object") << QByteArray(R"({"type":"ping","id":{}})") << QByteArray("id")
                                   << idWhat << QByteArray("null");
        QTest::newRow("id 65 chars")
            << QByteArray(R"({"type":"ping","id":)" + jstr(QByteArray(65, 'i')) + R"(})")
            << QByteArray("id") << idWhat << QByteArray("null");
        QTest::newRow("id checked before type")
            << QByteArray(R"({"id":false})") << QByteArray("id") << idWhat << QByteArray("null");

        // type (the valid id is carried from here on)
        QTest::newRow("missing type") << QByteArray(R"({"id":3})") << QByteArray("type")
                                      << QByteArray("type: must be a string") << QByteArray("3");
        QTest::newRow("type not string")
            << QByteArray(R"({"type":1,"id":"a"})") << QByteArray("type")
            << QByteArray("type: must be a string") << QByteArray(R"("a")");
        QTest::newRow("type null") << QByteArray(R"({"type":null})") << QByteArray("type")
                                   << QByteArray("type: must be a string") << QByteArray("null");
        QTest::newRow("unknown type")
            << QByteArray(R"({"type":"dance","id":3})") << QByteArray("type")
            << QByteArray("type: unknown frame type") << QByteArray("3");
        QTest::newRow("server type")
            << QByteArray(R"({"type":"welcome"})") << QByteArray("type")
            << QByteArray("type: unknown frame type") << QByteArray("null");
        QTest::newRow("type case") << QByteArray(R"({"type":"PING"})") << QByteArray("type")
                                   << QByteArray("type: unknown frame type") << QByteArray("null");

        // hello
        QTest::newRow("hello no protocol")
            << QByteArray(R"({"type":"hello","token":"t"})") << QByteArray("protocol")
            << QByteArray("protocol: must be an integer") << QByteArray("null");
        QTest::newRow("hello protocol string")
            << QByteArray(R"({"type":"hello","protocol":"1","token":"t"})")
            << QByteArray("protocol") << QByteArray("protocol: must be an integer")
            << QByteArray("null");
        QTest::newRow("hello protocol float")
            << QByteArray(R"({"type":"hello","id":1,"protocol":1.0})") << QByteArray("protocol")
            << QByteArray("protocol: must be an integer") << QByteArray("1");

        // subscribe
        QTest::newRow("subscribe no room")
            << QByteArray(R"({"type":"subscribe","id":1})") << QByteArray("room")
            << QByteArray("room: must be a string") << QByteArray("1");
        QTest::newRow("subscribe room number")
            << QByteArray(R"({"type":"subscribe","id":1,"room":5})") << QByteArray("room")
            << QByteArray("room: must be a string") << QByteArray("1");
        QTest::newRow("subscribe room empty")
            << QByteArray(R"({"type":"subscribe","id":1,"room":""})") << QByteArray("room")
            << roomWhat << QByteArray("1");
        QTest::newRow("subscribe room space")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"my room"})") << QByteArray("room")
            << roomWhat << QByteArray("1");
        QTest::newRow("subscribe room star")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"team-*"})") << QByteArray("room")
            << roomWhat << QByteArray("1");
        QTest::newRow("subscribe room 65") << QByteArray(R"({"type":"subscribe","id":1,"room":)" +
                                                         jstr(QByteArray(65, 'r')) + R"(})")
                                           << QByteArray("room") << roomWhat << QByteArray("1");
        QTest::newRow("subscribe room unicode")
            << QByteArray("{\"type\":\"subscribe\",\"id\":1,\"room\":\"caf\xc3\xa9\"}")
            << QByteArray("room") << roomWhat << QByteArray("1");
        QTest::newRow("since not object")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","since":"k3f9:41"})")
            << QByteArray("since") << QByteArray("since: must be an object") << QByteArray("1");
        QTest::newRow("since no epoch")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","since":{"seq":1}})")
            << QByteArray("since.epoch") << QByteArray("since.epoch: must be a string")
            << QByteArray("1");
        QTest::newRow("since epoch number")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","since":{"epoch":1,"seq":1}})")
            << QByteArray("since.epoch") << QByteArray("since.epoch: must be a string")
            << QByteArray("1");
        QTest::newRow("since no seq")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","since":{"epoch":"e"}})")
            << QByteArray("since.seq") << QByteArray("since.seq: must be an integer >= 0")
            << QByteArray("1");
        QTest::newRow("since seq negative")
            << QByteArray(
                   R"({"type":"subscribe","id":1,"room":"g","since":{"epoch":"e","seq":-1}})")
            << QByteArray("since.seq") << QByteArray("since.seq: must be an integer >= 0")
            << QByteArray("1");
        QTest::newRow("since seq float")
            << QByteArray(
                   R"({"type":"subscribe","id":1,"room":"g","since":{"epoch":"e","seq":1.5}})")
            << QByteArray("since.seq") << QByteArray("since.seq: must be an integer >= 0")
            << QByteArray("1");
        QTest::newRow("since seq too big")
            << QByteArray(
                   R"({"type":"subscribe","id":1,"room":"g","since":{"epoch":"e","seq":9223372036854775808}})")
            << QByteArray("since.seq") << QByteArray("since.seq: must be an integer >= 0")
            << QByteArray("1");
        QTest::newRow("limit zero")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","limit":0})")
            << QByteArray("limit") << limitWhat << QByteArray("1");
        QTest::newRow("limit 501")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","limit":501})")
            << QByteArray("limit") << limitWhat << QByteArray("1");
        QTest::newRow("limit string")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","limit":"50"})")
            << QByteArray("limit") << limitWhat << QByteArray("1");
        QTest::newRow("limit float")
            << QByteArray(R"({"type":"subscribe","id":1,"room":"g","limit":50.5})")
            << QByteArray("limit") << limitWhat << QByteArray("1");

        // unsubscribe, typing, presence, history, refresh
        QTest::newRow("unsubscribe bad room")
            << QByteArray(R"({"type":"unsubscribe","id":2,"room":"a/b"})") << QByteArray("room")
            << roomWhat << QByteArray("2");
        QTest::newRow("typing no room")
            << QByteArray(R"({"type":"typing"})") << QByteArray("room")
            << QByteArray("room: must be a string") << QByteArray("null");
        QTest::newRow("presence bad room")
            << QByteArray(R"({"type":"presence","id":3,"room":"a b"})") << QByteArray("room")
            << roomWhat << QByteArray("3");
        QTest::newRow("history before zero")
            << QByteArray(R"({"type":"history","id":9,"room":"g","before":0})")
            << QByteArray("before") << QByteArray("before: must be an integer >= 1")
            << QByteArray("9");
        QTest::newRow("history before string")
            << QByteArray(R"({"type":"history","id":9,"room":"g","before":"42"})")
            << QByteArray("before") << QByteArray("before: must be an integer >= 1")
            << QByteArray("9");
        QTest::newRow("history limit 0")
            << QByteArray(R"({"type":"history","id":9,"room":"g","limit":0})")
            << QByteArray("limit") << limitWhat << QByteArray("9");
        QTest::newRow("history limit 1000")
            << QByteArray(R"({"type":"history","id":9,"room":"g","limit":1000})")
            << QByteArray("limit") << limitWhat << QByteArray("9");
        QTest::newRow("refresh no token")
            << QByteArray(R"({"type":"refresh","id":4})") << QByteArray("token")
            << QByteArray("token: must be a string") << QByteArray("4");
        QTest::newRow("refresh token number")
            << QByteArray(R"({"type":"refresh","id":4,"token":1})") << QByteArray("token")
            << QByteArray("token: must be a string") << QByteArray("4");

        // publish
        QTest::newRow("publish no room")
            << QByteArray(R"({"type":"publish","id":7,"kind":"chat","body":{"text":"x"}})")
            << QByteArray("room") << QByteArray("room: must be a string") << QByteArray("7");
        QTest::newRow("publish no kind")
            << QByteArray(R"({"type":"publish","id":7,"room":"g","body":{"text":"x"}})")
            << QByteArray("kind") << QByteArray("kind: must be a string") << QByteArray("7");
        QTest::newRow("kind upper")
            << pub("Chat", R"({"text":"x"})") << QByteArray("kind") << kindWhat << QByteArray("7");
        QTest::newRow("kind empty")
            << pub("", R"({"text":"x"})") << QByteArray("kind") << kindWhat << QByteArray("7");
        QTest::newRow("kind 33") << pub(QByteArray(33, 'k'), "{}") << QByteArray("kind") << kindWhat
                                 << QByteArray("7");
        QTest::newRow("kind colon")
            << pub("a:b", "{}") << QByteArray("kind") << kindWhat << QByteArray("7");
        QTest::newRow("no body") << QByteArray(
                                        R"({"type":"publish","id":7,"room":"g","kind":"chat"})")
                                 << QByteArray("body") << QByteArray("body: must be an object")
                                 << QByteArray("7");
        QTest::newRow("body string") << pub("chat", R"("hi")") << QByteArray("body")
                                     << QByteArray("body: must be an object") << QByteArray("7");
        QTest::newRow("body array") << pub("custom", "[]") << QByteArray("body")
                                    << QByteArray("body: must be an object") << QByteArray("7");
        QTest::newRow("body null") << pub("custom", "null") << QByteArray("body")
                                   << QByteArray("body: must be an object") << QByteArray("7");
        QTest::newRow("client_msg_id empty")
            << QByteArray(
                   R"({"type":"publish","id":7,"room":"g","kind":"k","body":{},"client_msg_id":""})")
            << QByteArray("client_msg_id")
            << QByteArray("client_msg_id: must be a string of 1-64 characters") << QByteArray("7");
        QTest::newRow("client_msg_id 65")
            << QByteArray(
                   R"({"type":"publish","id":7,"room":"g","kind":"k","body":{},"client_msg_id":)" +
                   jstr(QByteArray(65, 'c')) + R"(})")
            << QByteArray("client_msg_id")
            << QByteArray("client_msg_id: must be a string of 1-64 characters") << QByteArray("7");
        QTest::newRow("client_msg_id number")
            << QByteArray(
                   R"({"type":"publish","id":7,"room":"g","kind":"k","body":{},"client_msg_id":5})")
            << QByteArray("client_msg_id") << QByteArray("client_msg_id: must be a string")
            << QByteArray("7");

        // chat
        QTest::newRow("chat no text")
            << pub("chat", "{}") << QByteArray("body.text")
            << QByteArray("body.text: must be a string") << QByteArray("7");
        QTest::newRow("chat text number")
            << pub("chat", R"({"text":5})") << QByteArray("body.text")
            << QByteArray("body.text: must be a string") << QByteArray("7");
        QTest::newRow("chat text null")
            << pub("chat", R"({"text":null})") << QByteArray("body.text")
            << QByteArray("body.text: must be a string") << QByteArray("7");
        QTest::newRow("chat text empty")
            << pub("chat", R"({"text":""})") << QByteArray("body.text")
            << QByteArray("body.text: must be 1-4000 characters") << QByteArray("7");
        QTest::newRow("chat 4001 ascii")
            << pub("chat", R"({"text":)" + jstr(QByteArray(4001, 'a')) + R"(})")
            << QByteArray("body.text") << QByteArray("body.text: must be 1-4000 characters")
            << QByteArray("7");
        QTest::newRow("chat 4001 code points")
            << pub("chat", R"({"text":)" + jstr(repeated("\xc3\xa9", 4001)) + R"(})")
            << QByteArray("body.text") << QByteArray("body.text: must be 1-4000 characters")
            << QByteArray("7");

        // notification
        QTest::newRow("notification no title")
            << pub("notification", R"({"text":"x"})") << QByteArray("body.title")
            << QByteArray("body.title: must be a string") << QByteArray("7");
        QTest::newRow("notification title empty")
            << pub("notification", R"({"title":""})") << QByteArray("body.title")
            << QByteArray("body.title: must be 1-200 characters") << QByteArray("7");
        QTest::newRow("notification title 201")
            << pub("notification", R"({"title":)" + jstr(QByteArray(201, 't')) + R"(})")
            << QByteArray("body.title") << QByteArray("body.title: must be 1-200 characters")
            << QByteArray("7");
        QTest::newRow("notification text number")
            << pub("notification", R"({"title":"t","text":1})") << QByteArray("body.text")
            << QByteArray("body.text: must be a string") << QByteArray("7");
        QTest::newRow("notification bad level")
            << pub("notification", R"({"title":"t","level":"fatal"})") << QByteArray("body.level")
            << QByteArray("body.level: must be one of info, success, warning, error")
            << QByteArray("7");
        QTest::newRow("notification level case")
            << pub("notification", R"({"title":"t","level":"Info"})") << QByteArray("body.level")
            << QByteArray("body.level: must be one of info, success, warning, error")
            << QByteArray("7");
        QTest::newRow("notification level number")
            << pub("notification", R"({"title":"t","level":1})") << QByteArray("body.level")
            << QByteArray("body.level: must be a string") << QByteArray("7");
        QTest::newRow("notification url object")
            << pub("notification", R"({"title":"t","url":{}})") << QByteArray("body.url")
            << QByteArray("body.url: must be a string") << QByteArray("7");

        // metric
        QTest::newRow("metric no name")
            << pub("metric", R"({"value":1})") << QByteArray("body.name")
            << QByteArray("body.name: must be a string") << QByteArray("7");
        QTest::newRow("metric name 65")
            << pub("metric", R"({"name":)" + jstr(QByteArray(65, 'n')) + R"(,"value":1})")
            << QByteArray("body.name") << QByteArray("body.name: must be 1-64 characters")
            << QByteArray("7");
        QTest::newRow("metric value string")
            << pub("metric", R"({"name":"cpu","value":"3"})") << QByteArray("body.value")
            << QByteArray("body.value: must be a number") << QByteArray("7");
        QTest::newRow("metric value missing")
            << pub("metric", R"({"name":"cpu"})") << QByteArray("body.value")
            << QByteArray("body.value: must be a number") << QByteArray("7");
        QTest::newRow("metric value bool")
            << pub("metric", R"({"name":"cpu","value":true})") << QByteArray("body.value")
            << QByteArray("body.value: must be a number") << QByteArray("7");
        QTest::newRow("metric unit number")
            << pub("metric", R"({"name":"cpu","value":1,"unit":2})") << QByteArray("body.unit")
            << QByteArray("body.unit: must be a string") << QByteArray("7");
    }
    void malformed()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, id);
        const Result r = decode(frame);
        const auto *failure = std::get_if<DecodeFailure>(&r);
        QVERIFY2(failure, describe(r).constData());
        QCOMPARE(codeName(failure->error.code), codeName(ErrorCode::BadRequest));
        QCOMPARE(q(failure->error.field), field);
        QCOMPARE(q(failure->error.message), message);
        QCOMPARE(failure->id, Json::parse(id.toStdString()));
    }

    //! Only whitespace may follow the object (RFC 8259 2); it is not an error.
    void trailingWhitespaceIsAccepted()
    {
        QVERIFY(frameOf<PingRequest>(decode("{\"type\":\"ping\",\"id\":1} \r\n\t")));
    }

    void limits()
    {
        const DecodeLimits small{64, 4};
        const QByteArray ping = "{\"type\":\"ping\",\"pad\":\"";
        const QByteArray fits = ping + QByteArray(64 - ping.size() - 2, 'x') + "\"}";
        QCOMPARE(fits.size(), 64);
        QVERIFY(frameOf<PingRequest>(decode(fits, small)));
        const QByteArray tooBig = ping + QByteArray(64 - ping.size() - 1, 'x') + "\"}";
        const Result big = decode(tooBig, small);
        QVERIFY(std::holds_alternative<DecodeFailure>(big));
        QCOMPARE(q(std::get<DecodeFailure>(big).error.message), QByteArray("frame too large"));
        QVERIFY(std::get<DecodeFailure>(big).error.field.empty());

        // Default limit: 65536 bytes.
        const QByteArray huge = ping + QByteArray(70000, 'x') + "\"}";
        QCOMPARE(q(std::get<DecodeFailure>(decode(huge)).error.message),
                 QByteArray("frame too large"));
    }

    void depth()
    {
        const auto nested = [](int levels) {
            return QByteArray(R"({"type":"publish","room":"g","kind":"k","body":{"a":)") +
                   QByteArray(levels, '[') + QByteArray(levels, ']') + "}}";
        };
        // The frame and body objects are 2 levels: 30 more arrays make 32, the default limit.
        QVERIFY2(frameOf<Publish>(decode(nested(30))), describe(decode(nested(30))).constData());
        const Result deep = decode(nested(31));
        QVERIFY(std::holds_alternative<DecodeFailure>(deep));
        QCOMPARE(q(std::get<DecodeFailure>(deep).error.message), QByteArray("nesting too deep"));

        // Refused before parsing: even unbalanced garbage is answered by the depth check.
        const Result bomb = decode(QByteArray(60000, '['));
        QCOMPARE(q(std::get<DecodeFailure>(bomb).error.message), QByteArray("nesting too deep"));

        // Brackets inside strings (escaped quotes included) do not count.
        const QByteArray inString = "{\"type\":\"ping\",\"x\":\"\\\"" + QByteArray(40, '[') + "\"}";
        QVERIFY2(frameOf<PingRequest>(decode(inString)), describe(decode(inString)).constData());
    }

    void validateHelpers()
    {
        QVERIFY(validateKindAndBody("chat", Json{{"text", "hi"}}).ok());
        QCOMPARE(q(validateKindAndBody("chat", Json::array()).error().field), QByteArray("body"));
        QCOMPARE(q(validateKindAndBody("BAD", Json::object()).error().field), QByteArray("kind"));
        QVERIFY(validateKindAndBody("custom", Json{{"anything", nullptr}}).ok());
        QVERIFY(validateRequestId(Json()).ok()); // null = "no id" inside the library
        QVERIFY(validateRequestId(Json(12)).ok());
        QVERIFY(validateRequestId(Json("abc")).ok());
        QVERIFY(!validateRequestId(Json(1.5)).ok());
        QVERIFY(!validateRequestId(Json(std::string(65, 'x'))).ok());
        QCOMPARE(q(validateRequestId(Json::array()).error().field), QByteArray("id"));
    }
};

QTEST_GUILESS_MAIN(TestDecoder)
#include "tst_decoder.moc"
