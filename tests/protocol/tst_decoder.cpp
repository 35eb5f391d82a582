// Valid frames of every request type decode to typed requests; limits and depth hold.
// Malformed ones: tst_decodermalformed (envelope, requests), tst_decoderbodies (bodies).
#include "decodertest.h"

using namespace roomcast::test::decodertest;

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
