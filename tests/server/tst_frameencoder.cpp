// The pre-built server frames a broadcast writes to every subscriber (RFC 6455 5.2, 5.7).
#include "server/edge/frameencoder.h"

#include <QTest>

using namespace roomcast::server::edge;

class TstFrameEncoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    //! RFC 6455 5.7: "A single-frame unmasked text message" containing "Hello".
    void rfcUnmaskedHello() { QCOMPARE(textFrame("Hello"), QByteArray::fromHex("810548656c6c6f")); }

    //! RFC 6455 5.7: 256 bytes and 64 KiB of binary data in a single unmasked frame.
    void rfcBinaryLengths()
    {
        QByteArray out;
        appendFrame(out, Opcode::Binary, QByteArray(256, 'x'));
        QCOMPARE(out.left(4), QByteArray::fromHex("827e0100"));
        QCOMPARE(out.size(), 4 + 256);
        out.clear();
        appendFrame(out, Opcode::Binary, QByteArray(65536, 'x'));
        QCOMPARE(out.left(10), QByteArray::fromHex("827f0000000000010000"));
        QCOMPARE(out.size(), 10 + 65536);
    }

    //! RFC 6455 5.7: an unmasked ping ("Hello").
    void rfcPing()
    {
        QByteArray out;
        appendFrame(out, Opcode::Ping, "Hello");
        QCOMPARE(out, QByteArray::fromHex("890548656c6c6f"));
    }

    //! The shortest length encoding at every boundary (RFC 6455 5.2).
    void lengthBoundaries_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("0") << 0 << QByteArray::fromHex("8100");
        QTest::newRow("125") << 125 << QByteArray::fromHex("817d");
        QTest::newRow("126") << 126 << QByteArray::fromHex("817e007e");
        QTest::newRow("65535") << 65535 << QByteArray::fromHex("817effff");
        QTest::newRow("65536") << 65536 << QByteArray::fromHex("817f0000000000010000");
        QTest::newRow("70000") << 70000 << QByteArray::fromHex("817f0000000000011170");
    }
    void lengthBoundaries()
    {
        QFETCH(int, size);
        QFETCH(QByteArray, header);
        const QByteArray payload(size, 'p');
        const QByteArray frame = textFrame(payload);
        QCOMPARE(frame.left(header.size()), header);
        QCOMPARE(frame.sliced(header.size()), payload);
    }

    //! UTF-8 goes out byte for byte (no transcoding on the way).
    void utf8IsWrittenAsIs()
    {
        const QByteArray text = "{\"t\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}";
        QCOMPARE(textFrame(text).sliced(2), text);
    }
};

QTEST_APPLESS_MAIN(TstFrameEncoder)
#include "tst_frameencoder.moc"
