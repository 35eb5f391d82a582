// The edge's frame checks (RFC 6455 section 5) as a pure function of the bytes a client sends:
// what passes and how it is rewritten, and the close code of every violation.
#include "rawwebsocket.h"
#include "server/edge/framechecker.h"

#include <QTest>

using roomcast::server::edge::FrameChecker;

namespace {

//! One client frame: masked unless told otherwise, with any length encoding.
QByteArray frame(int opcode, const QByteArray &payload, bool fin = true, bool masked = true,
                 int rsv = 0)
{
    return roomcast::test::RawWebSocket::buildFrame(quint8(opcode), payload, masked, fin, rsv);
}

//! What the checker hands on for one message: a single unmasked final frame.
QByteArray plain(int opcode, const QByteArray &payload)
{
    return frame(opcode, payload, true, false);
}

struct Fed
{
    bool ok;
    QByteArray out;
    int code; // 0: no violation
};

//! Feeds `bytes` in slices of `step` bytes (0: all at once).
Fed feed(const QByteArray &bytes, qsizetype step = 0, quint64 limit = 65536)
{
    FrameChecker checker(limit);
    Fed fed{true, {}, 0};
    const qsizetype s = step > 0 ? step : qMax<qsizetype>(1, bytes.size());
    for (qsizetype i = 0; i < bytes.size() && fed.ok; i += s)
        fed.ok = checker.feed(QByteArrayView(bytes).sliced(i, qMin(s, bytes.size() - i)), fed.out);
    if (checker.violation())
        fed.code = checker.violation()->code;
    return fed;
}

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    QByteArray p;
    p.append(static_cast<char>(code >> 8));
    p.append(static_cast<char>(code & 0xFF));
    return p + reason;
}

} // namespace

class TstFrameChecker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    //! RFC 6455 5.7: "A single-frame masked text message" containing "Hello".
    void rfcMaskedHello()
    {
        const QByteArray wire = QByteArray::fromHex("818537fa213d7f9f4d5158");
        const Fed fed = feed(wire);
        QVERIFY(fed.ok);
        QCOMPARE(fed.out, QByteArray::fromHex("810548656c6c6f"));
    }

    //! RFC 6455 5.7: a fragmented text message ("Hel" + "lo") becomes one frame.
    void rfcFragmentsBecomeOneMessage()
    {
        const QByteArray wire = frame(0x1, "Hel", false) + frame(0x0, "lo");
        QCOMPARE(feed(wire).out, plain(0x1, "Hello"));
        QCOMPARE(feed(wire, 1).out, plain(0x1, "Hello")); // one byte per read
    }

    //! RFC 6455 5.7: a masked ping passes, control frames interleave with fragments.
    void controlFramesInsideAFragmentedMessage()
    {
        const QByteArray wire = frame(0x1, "Hel", false) + frame(0x9, "Hello") + frame(0x0, "lo");
        QCOMPARE(feed(wire).out, plain(0x9, "Hello") + plain(0x1, "Hello"));
    }

    void lengthEncodings_data()
    {
        QTest::addColumn<int>("size");
        for (int size : {0, 125, 126, 65535, 65536, 70000})
            QTest::addRow("%d bytes", size) << size;
    }
    void lengthEncodings()
    {
        QFETCH(int, size);
        const QByteArray payload(size, 'x');
        const Fed fed = feed(frame(0x2, payload), 0, 100000);
        QVERIFY(fed.ok);
        QCOMPARE(fed.out, plain(0x2, payload));
        QCOMPARE(feed(frame(0x2, payload), 4093, 100000).out, plain(0x2, payload));
    }

    void violations_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<quint64>("limit");
        const auto row = [](const char *name, const QByteArray &b, int code,
                            quint64 limit = 65536) { QTest::newRow(name) << b << code << limit; };
        row("unmasked text", frame(0x1, "{}", true, false), 1002);
        row("unmasked ping", frame(0x9, "", true, false), 1002);
        row("unmasked close", frame(0x8, closePayload(1000), true, false), 1002);
        row("unmasked continuation", frame(0x1, "a", false) + frame(0x0, "b", true, false), 1002);
        row("rsv1", frame(0x1, "a", true, true, 4), 1002);
        row("rsv3", frame(0x1, "a", true, true, 1), 1002);
        row("opcode 3", frame(0x3, "a"), 1002);
        row("opcode 0xB", frame(0xB, ""), 1002);
        row("fragmented ping", frame(0x9, "a", false), 1002);
        row("control over 125", frame(0xA, QByteArray(126, 'x')), 1002);
        row("continuation first", frame(0x0, "a"), 1002);
        row("text inside a message", frame(0x1, "a", false) + frame(0x1, "b"), 1002);
        row("close with one byte", frame(0x8, "x"), 1002);
        row("close code 1005", frame(0x8, closePayload(1005)), 1002);
        row("close code 999", frame(0x8, closePayload(999)), 1002);
        row("close code 5000", frame(0x8, closePayload(5000)), 1002);
        row("close reason not utf-8", frame(0x8, closePayload(1000, "\xff")), 1007);
        row("16-bit length under 126",
            QByteArray::fromHex("81fe007d") + QByteArray(4, 0) + QByteArray(125, 'a'), 1002);
        row("64-bit length under 65536",
            QByteArray::fromHex("81ff000000000000ffff") + QByteArray(4, 0), 1002);
        row("64-bit length msb", QByteArray::fromHex("81ff8000000000000001") + QByteArray(4, 0),
            1002);
        row("frame over the limit", frame(0x1, QByteArray(101, 'a')), 1009, 100);
        row("fragments over the limit",
            frame(0x1, QByteArray(60, 'a'), false) + frame(0x0, QByteArray(41, 'a')), 1009, 100);
        row("invalid utf-8", frame(0x1, "a\xff"), 1007);
        row("overlong", frame(0x1, "\xc0\xaf"), 1007);
        row("surrogate", frame(0x1, "\xed\xa0\x80"), 1007);
        row("above U+10FFFF", frame(0x1, "\xf4\x90\x80\x80"), 1007);
        row("invalid in a later fragment",
            frame(0x1, "ok", false) + frame(0x0, "fine", false) + frame(0x0, "\x80"), 1007);
        row("message ends mid-character", frame(0x1, "\xe2\x82"), 1007);
    }
    void violations()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QFETCH(quint64, limit);
        for (qsizetype step : {qsizetype(0), qsizetype(1)}) {
            const Fed fed = feed(bytes, step, limit);
            QVERIFY(!fed.ok);
            QCOMPARE(fed.code, code);
            QVERIFY2(fed.out.isEmpty(), "something of the offending message was passed on");
        }
    }

    //! Frames before the violation pass, nothing after it does.
    void nothingAfterTheViolation()
    {
        const QByteArray good = frame(0x1, R"({"type":"ping"})");
        const Fed fed = feed(good + frame(0x1, "x", true, false) + good);
        QVERIFY(!fed.ok);
        QCOMPARE(fed.code, 1002);
        QCOMPARE(fed.out, plain(0x1, R"({"type":"ping"})"));
    }

    //! A too-large message is refused from its header alone: memory stays bounded.
    void oversizeIsRefusedBeforeThePayload()
    {
        FrameChecker checker(65536);
        QByteArray out;
        QVERIFY(!checker.feed(frame(0x1, QByteArray(70000, 'a')).left(14), out));
        QCOMPARE(checker.violation()->code, std::uint16_t(1009));
        // 4 MiB in 64 fragments: refused at the second fragment's header.
        FrameChecker fragments(65536);
        const QByteArray first = frame(0x1, QByteArray(65536, 'a'), false);
        QVERIFY(fragments.feed(first, out));
        QVERIFY(!fragments.feed(frame(0x0, QByteArray(65536, 'a'), false).left(14), out));
        QCOMPARE(fragments.violation()->code, std::uint16_t(1009));
    }

    //! A valid multi-byte character split at every position, each byte in its own fragment.
    void utf8SplitAcrossFragments_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("2 bytes") << QByteArray("\xc3\xa9");         // é
        QTest::newRow("3 bytes") << QByteArray("\xe2\x82\xac");     // €
        QTest::newRow("4 bytes") << QByteArray("\xf0\x9f\x98\x80"); // 😀
    }
    void utf8SplitAcrossFragments()
    {
        QFETCH(QByteArray, text);
        const QByteArray message = "a" + text + "b";
        for (qsizetype cut = 1; cut < message.size(); ++cut) {
            const QByteArray wire =
                frame(0x1, message.left(cut), false) + frame(0x0, message.sliced(cut));
            const Fed fed = feed(wire);
            QVERIFY2(fed.ok, qPrintable(QStringLiteral("split at %1").arg(cut)));
            QCOMPARE(fed.out, plain(0x1, message));
        }
        QByteArray each = frame(0x1, message.left(1), false);
        for (qsizetype i = 1; i < message.size(); ++i)
            each += frame(0x0, message.mid(i, 1), i == message.size() - 1);
        QCOMPARE(feed(each).out, plain(0x1, message));
    }

    //! After the client's close frame nothing counts.
    void closeEndsTheStream()
    {
        FrameChecker checker(65536);
        QByteArray out;
        QVERIFY(checker.feed(frame(0x8, closePayload(1000, "bye")) + frame(0x1, "x", true, false),
                             out));
        QVERIFY(checker.closed());
        QVERIFY(!checker.violation());
        QCOMPARE(out, plain(0x8, closePayload(1000, "bye")));
    }

    void idleBetweenMessages()
    {
        FrameChecker checker(65536);
        QByteArray out;
        QVERIFY(checker.idle());
        QVERIFY(checker.feed(frame(0x1, "a", false), out));
        QVERIFY(!checker.idle());
        QVERIFY(checker.feed(frame(0x0, "b"), out));
        QVERIFY(checker.idle());
    }
};

QTEST_APPLESS_MAIN(TstFrameChecker)
#include "tst_framechecker.moc"
