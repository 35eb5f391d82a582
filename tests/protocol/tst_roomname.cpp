#include "protocol/roomname.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace roomcast::protocol;

namespace {

std::string sv(const QByteArray &bytes)
{
    return bytes.toStdString();
}

} // namespace

//! Room names, patterns and their glob matching decide who may enter which room, so the
//! edges (length 64/65, every allowed punctuation, `*` runs) are pinned down here.
class TestRoomName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roomName_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << QByteArray("general") << true;
        QTest::newRow("one char") << QByteArray("a") << true;
        QTest::newRow("all punctuation") << QByteArray("Team_1.ops:eu-west") << true;
        QTest::newRow("64 chars") << QByteArray(64, 'r') << true;
        QTest::newRow("65 chars") << QByteArray(65, 'r') << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("space") << QByteArray("my room") << false;
        QTest::newRow("slash") << QByteArray("a/b") << false;
        QTest::newRow("star") << QByteArray("team-*") << false;
        QTest::newRow("at sign") << QByteArray("a@b") << false;
        QTest::newRow("non-ascii") << QByteArray("caf\xc3\xa9") << false;
        QTest::newRow("nul byte") << QByteArray("a\0b", 3) << false;
    }
    void roomName()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, valid);
        QCOMPARE(isValidRoomName(sv(name)), valid);
    }

    void roomPattern_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain name") << QByteArray("general") << true;
        QTest::newRow("star only") << QByteArray("*") << true;
        QTest::newRow("prefix") << QByteArray("team-*") << true;
        QTest::newRow("stars everywhere") << QByteArray("*a**b*") << true;
        QTest::newRow("64 chars") << QByteArray(64, '*') << true;
        QTest::newRow("65 chars") << QByteArray(65, '*') << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("question mark") << QByteArray("a?") << false;
        QTest::newRow("space") << QByteArray("a *") << false;
    }
    void roomPattern()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(bool, valid);
        QCOMPARE(isValidRoomPattern(sv(pattern)), valid);
    }

    void matches_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("room");
        QTest::addColumn<bool>("match");
        QTest::newRow("exact") << QByteArray("general") << QByteArray("general") << true;
        QTest::newRow("exact differs") << QByteArray("general") << QByteArray("generals") << false;
        QTest::newRow("case sensitive") << QByteArray("General") << QByteArray("general") << false;
        QTest::newRow("star all") << QByteArray("*") << QByteArray("anything") << true;
        QTest::newRow("prefix") << QByteArray("team-*") << QByteArray("team-red") << true;
        QTest::newRow("prefix empty run") << QByteArray("team-*") << QByteArray("team-") << true;
        QTest::newRow("prefix mismatch") << QByteArray("team-*") << QByteArray("teams") << false;
        QTest::newRow("suffix") << QByteArray("*.eu") << QByteArray("ops.eu") << true;
        QTest::newRow("suffix mismatch") << QByteArray("*.eu") << QByteArray("ops.us") << false;
        QTest::newRow("middle") << QByteArray("a*c") << QByteArray("abbbc") << true;
        QTest::newRow("middle empty") << QByteArray("a*c") << QByteArray("ac") << true;
        QTest::newRow("overlap head tail") << QByteArray("ab*ba") << QByteArray("aba") << false;
        QTest::newRow("overlap ok") << QByteArray("ab*ba") << QByteArray("abba") << true;
        QTest::newRow("segments in order") << QByteArray("*x*y*") << QByteArray("axbyc") << true;
        QTest::newRow("segments reversed") << QByteArray("*x*y*") << QByteArray("aybxc") << false;
        QTest::newRow("segment needs restart") << QByteArray("*aab") << QByteArray("aaab") << true;
        QTest::newRow("kmp fallback")
            << QByteArray("x*abab*y") << QByteArray("xabaabababy") << true;
        QTest::newRow("double star") << QByteArray("a**b") << QByteArray("ab") << true;
        QTest::newRow("segment inside tail") << QByteArray("a*b*b") << QByteArray("ab") << false;
        QTest::newRow("empty room") << QByteArray("*") << QByteArray() << true;
    }
    void matches()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, room);
        QFETCH(bool, match);
        QCOMPARE(roomMatches(sv(pattern), sv(room)), match);
    }

    void pathologicalPatternsAreFast_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("room");
        QTest::addColumn<bool>("match");
        const QByteArray as(200000, 'a');
        QTest::newRow("a*a*a*a*a*b") << QByteArray("a*a*a*a*a*b") << as << false;
        QTest::newRow("a*a*a*a*a*a") << QByteArray("a*a*a*a*a*a") << as << true;
        QTest::newRow("many stars")
            << QByteArray("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b") << as << false;
        QTest::newRow("long segment")
            << QByteArray("*" + QByteArray(60, 'a') + "b*") << as << false;
        QTest::newRow("long segment match")
            << QByteArray("*" + QByteArray(30, 'a') + "b*") << QByteArray(as + "b") << true;
    }
    void pathologicalPatternsAreFast()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, room);
        QFETCH(bool, match);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(roomMatches(sv(pattern), sv(room)), match);
        // Backtracking would take seconds to years here; linear matching takes milliseconds.
        QVERIFY2(timer.elapsed() < 1000, QByteArray::number(timer.elapsed()).constData());
    }

    void allowed()
    {
        const std::optional<std::vector<std::string>> absent;
        QVERIFY(roomAllowed(absent, "general"));
        QVERIFY(roomAllowed(absent, "anything-at-all"));

        const std::optional<std::vector<std::string>> none = std::vector<std::string>{};
        QVERIFY(!roomAllowed(none, "general"));

        const std::optional<std::vector<std::string>> some =
            std::vector<std::string>{"general", "team-*"};
        QVERIFY(roomAllowed(some, "general"));
        QVERIFY(roomAllowed(some, "team-red"));
        QVERIFY(!roomAllowed(some, "random"));
        QVERIFY(!roomAllowed(some, "general2"));

        // Not a room name at all: refused even when every room is allowed.
        QVERIFY(!roomAllowed(absent, ""));
        QVERIFY(!roomAllowed(absent, "a b"));
        const std::optional<std::vector<std::string>> star = std::vector<std::string>{"*"};
        QVERIFY(!roomAllowed(star, std::string(65, 'x')));
    }

    void userId_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << QByteArray("alice") << true;
        QTest::newRow("email") << QByteArray("alice.b-c_d@example.org") << true;
        QTest::newRow("64 chars") << QByteArray(64, 'u') << true;
        QTest::newRow("65 chars") << QByteArray(65, 'u') << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("colon") << QByteArray("a:b") << false;
        QTest::newRow("space") << QByteArray("a b") << false;
        QTest::newRow("plus") << QByteArray("a+b") << false;
    }
    void userId()
    {
        QFETCH(QByteArray, id);
        QFETCH(bool, valid);
        QCOMPARE(isValidUserId(sv(id)), valid);
    }

    void kind_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<bool>("valid");
        QTest::newRow("chat") << QByteArray("chat") << true;
        QTest::newRow("punctuation") << QByteArray("x.build_status-2") << true;
        QTest::newRow("32 chars") << QByteArray(32, 'k') << true;
        QTest::newRow("33 chars") << QByteArray(33, 'k') << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("upper case") << QByteArray("Chat") << false;
        QTest::newRow("colon") << QByteArray("a:b") << false;
    }
    void kind()
    {
        QFETCH(QByteArray, kind);
        QFETCH(bool, valid);
        QCOMPARE(isValidKind(sv(kind)), valid);
    }
};

QTEST_GUILESS_MAIN(TestRoomName)
#include "tst_roomname.moc"
