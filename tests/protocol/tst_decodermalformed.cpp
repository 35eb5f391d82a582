// Every malformed envelope and request field gets bad_request naming the field at fault, with the
// id carried when it is valid.
#include "decodertest.h"

using namespace roomcast::test::decodertest;

class TestDecoderMalformed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformed_data()
    {
        const MalformedTable t;
        const QByteArray &roomWhat = t.roomWhat;
        const QByteArray &limitWhat = t.limitWhat;
        const QByteArray &idWhat = t.idWhat;

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
    }
    void malformed() { checkMalformed(); }
};

QTEST_GUILESS_MAIN(TestDecoderMalformed)
#include "tst_decodermalformed.moc"
