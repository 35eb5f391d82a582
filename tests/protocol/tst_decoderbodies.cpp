// Every malformed publish and message body (chat, notification, metric) gets bad_request naming the
// field at fault.
#include "decodertest.h"

using namespace roomcast::test::decodertest;

class TestDecoderBodies : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformedBody_data()
    {
        const MalformedTable t;
        const QByteArray &kindWhat = t.kindWhat;
        const auto pub = &MalformedTable::pub;

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
    void malformedBody() { checkMalformed(); }
};

QTEST_GUILESS_MAIN(TestDecoderBodies)
#include "tst_decoderbodies.moc"
