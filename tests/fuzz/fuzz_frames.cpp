// libFuzzer target: the edge's FrameChecker (the layer every client byte passes after the
// upgrade) on arbitrary bytes. Beyond "no crash, no UB", it checks that
//  - the verdict and the output do not depend on how the bytes were split into reads;
//  - what it hands to QWebSocket is well formed: final, unmasked frames of known opcodes,
//    data messages within the limit, text that is valid UTF-8 (checked by Qt's decoder).

#include "server/edge/framechecker.h"

#include <QStringDecoder>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using roomcast::server::edge::FrameChecker;

namespace {

constexpr std::uint64_t kLimit = 4096;

struct Outcome
{
    QByteArray out;
    int code = 0;
    bool closed = false;
};

Outcome run(QByteArrayView bytes, std::size_t step)
{
    FrameChecker checker(kLimit);
    Outcome o;
    for (qsizetype i = 0; i < bytes.size(); i += qsizetype(step)) {
        if (!checker.feed(bytes.sliced(i, qMin<qsizetype>(qsizetype(step), bytes.size() - i)),
                          o.out))
            break;
    }
    if (checker.violation())
        o.code = checker.violation()->code;
    o.closed = checker.closed();
    return o;
}

void checkWellFormed(const QByteArray &out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(out.constData());
    qsizetype at = 0;
    while (at < out.size()) {
        if (out.size() - at < 2)
            std::abort();
        const int opcode = p[at] & 0x0F;
        if ((p[at] & 0xF0) != 0x80 || (p[at + 1] & 0x80))
            std::abort(); // not final, reserved bits, or masked
        if (opcode != 1 && opcode != 2 && opcode != 8 && opcode != 9 && opcode != 10)
            std::abort();
        std::uint64_t length = p[at + 1] & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            length = (std::uint64_t(p[at + 2]) << 8) | p[at + 3];
            header = 4;
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | p[at + 2 + i];
            header = 10;
        }
        if (length > kLimit || std::uint64_t(out.size() - at - header) < length)
            std::abort();
        const QByteArrayView payload(out.constData() + at + header, qsizetype(length));
        if (opcode == 1) {
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString text = utf8(payload);
            if (utf8.hasError())
                std::abort();
        }
        at += header + qsizetype(length);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t step = 1 + data[0] % 17; // the first byte picks how reads are split
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Outcome whole = run(bytes, std::max<std::size_t>(1, bytes.size()));
    const Outcome split = run(bytes, step);
    if (whole.out != split.out || whole.code != split.code || whole.closed != split.closed)
        std::abort();
    checkWellFormed(whole.out);
    return 0;
}
