// What a verified token's claims are (defaults, a fractional exp, expiry with leeway), and
// every way of forging, stretching or garbling one refused with unauthorized and a reason.
// Signing, the HMAC and the constant-time compare: tst_tokensigning.
#include "codename.h"
#include "tokentest.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QtTest>

using namespace roomcast::test::tokentest;

using roomcast::test::codeName;

namespace {

// Builds a token by hand (independently of signToken) so tests can sign any header/payload.
std::string makeToken(const QByteArray &header, const QByteArray &payload,
                      const std::string &secret = kSecret)
{
    const QByteArray input = b64(header) + '.' + b64(payload);
    const QByteArray mac = QMessageAuthenticationCode::hash(
        input, QByteArray::fromStdString(secret), QCryptographicHash::Sha256);
    return (input + '.' + b64(mac)).toStdString();
}

std::string makeToken(const QByteArray &payload)
{
    return makeToken(R"({"alg":"HS256","typ":"JWT"})", payload);
}

} // namespace

//! The token decides who a connection is and what it may do, so every way of forging,
//! stretching or garbling one must fail with unauthorized and a reason.
class TestToken : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fractionalExpIsFloored()
    {
        // RFC 7519 NumericDate may carry a fraction; third-party minters do that.
        const Expected<Claims> result =
            verifyToken(makeToken(R"({"sub":"a","exp":1795000100.75})"), kSecret, kNow);
        QVERIFY(result.ok());
        QCOMPARE(result.value().exp, std::int64_t(1795000100));
    }

    void defaults()
    {
        const Expected<Claims> result =
            verifyToken(makeToken(R"({"sub":"carol","exp":1795000100})"), kSecret, kNow);
        QVERIFY(result.ok());
        QCOMPARE(q(result.value().name), QByteArray("carol"));
        QCOMPARE(result.value().pub, true);
        QVERIFY(!result.value().rooms.has_value());

        const Expected<Claims> empty = verifyToken(
            makeToken(R"({"sub":"carol","exp":1795000100,"rooms":[],"name":""})"), kSecret, kNow);
        QVERIFY(empty.ok());
        QVERIFY(empty.value().rooms.has_value());
        QVERIFY(empty.value().rooms->empty());
        QCOMPARE(q(empty.value().name), QByteArray("carol"));
    }

    void expiry_data()
    {
        QTest::addColumn<qint64>("exp");
        QTest::addColumn<qint64>("leeway");
        QTest::addColumn<bool>("valid");
        QTest::newRow("future") << qint64(kNow + 10) << qint64(30) << true;
        QTest::newRow("now") << qint64(kNow) << qint64(0) << true;
        QTest::newRow("one second ago, no leeway") << qint64(kNow - 1) << qint64(0) << false;
        QTest::newRow("within leeway") << qint64(kNow - 30) << qint64(30) << true;
        QTest::newRow("beyond leeway") << qint64(kNow - 31) << qint64(30) << false;
        QTest::newRow("negative leeway is none") << qint64(kNow - 1) << qint64(-100) << false;
        QTest::newRow("max exp") << std::numeric_limits<qint64>::max() << qint64(30) << true;
        QTest::newRow("min exp") << std::numeric_limits<qint64>::min() << qint64(30) << false;
    }
    void expiry()
    {
        QFETCH(qint64, exp);
        QFETCH(qint64, leeway);
        QFETCH(bool, valid);
        const Claims claims{"dave", "Dave", exp, std::nullopt, true};
        const Expected<Claims> result =
            verifyToken(signToken(claims, kSecret), kSecret, kNow, leeway);
        QCOMPARE(result.ok(), valid);
        if (!valid) {
            QCOMPARE(codeName(result.error().code), codeName(ErrorCode::Unauthorized));
            QCOMPARE(q(result.error().message), QByteArray("token expired"));
        }
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QByteArray>("message");

        const QByteArray ok = R"({"sub":"erin","exp":1795000100})";
        const std::string good = makeToken(ok);
        std::string tampered = good;
        tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
        std::string payloadSwapped = good;
        {
            const std::string other = makeToken(R"({"sub":"root","exp":1795000100})");
            const auto p1 = good.find('.'), p2 = good.rfind('.');
            const auto o1 = other.find('.'), o2 = other.rfind('.');
            payloadSwapped =
                good.substr(0, p1 + 1) + other.substr(o1 + 1, o2 - o1 - 1) + good.substr(p2);
        }

        QTest::newRow("tampered signature") << q(tampered) << QByteArray("bad signature");
        QTest::newRow("tampered payload") << q(payloadSwapped) << QByteArray("bad signature");
        QTest::newRow("wrong secret")
            << q(makeToken(R"({"alg":"HS256"})", ok, "wrong")) << QByteArray("bad signature");
        QTest::newRow("signature stripped")
            << q(good.substr(0, good.rfind('.') + 1)) << QByteArray("bad signature");
        QTest::newRow("alg none") << (b64(R"({"alg":"none","typ":"JWT"})") + '.' + b64(ok) + '.')
                                  << QByteArray("unsupported alg");
        QTest::newRow("alg none signed")
            << q(makeToken(R"({"alg":"none"})", ok)) << QByteArray("unsupported alg");
        QTest::newRow("alg HS512")
            << q(makeToken(R"({"alg":"HS512","typ":"JWT"})", ok)) << QByteArray("unsupported alg");
        QTest::newRow("alg lower case")
            << q(makeToken(R"({"alg":"hs256"})", ok)) << QByteArray("unsupported alg");
        QTest::newRow("alg missing")
            << q(makeToken(R"({"typ":"JWT"})", ok)) << QByteArray("unsupported alg");
        QTest::newRow("alg not a string")
            << q(makeToken(R"({"alg":256})", ok)) << QByteArray("unsupported alg");
        QTest::newRow("typ not a string") << q(makeToken(R"({"alg":"HS256","typ":1})", ok))
                                          << QByteArray("malformed token header");
        QTest::newRow("crit header") << q(makeToken(R"({"alg":"HS256","crit":["x"]})", ok))
                                     << QByteArray("unsupported header crit");

        QTest::newRow("missing sub")
            << q(makeToken(R"({"exp":1795000100})")) << QByteArray("sub: must be a string");
        QTest::newRow("sub not a string")
            << q(makeToken(R"({"sub":7,"exp":1795000100})")) << QByteArray("sub: must be a string");
        QTest::newRow("sub bad chars")
            << q(makeToken(R"({"sub":"a b","exp":1795000100})"))
            << QByteArray("sub: must be 1-64 characters of [A-Za-z0-9_.@-]");
        QTest::newRow("sub empty") << q(makeToken(R"({"sub":"","exp":1795000100})"))
                                   << QByteArray("sub: must be 1-64 characters of [A-Za-z0-9_.@-]");
        QTest::newRow("name not a string")
            << q(makeToken(R"({"sub":"a","name":1,"exp":1795000100})"))
            << QByteArray("name: must be a string");
        QTest::newRow("missing exp")
            << q(makeToken(R"({"sub":"a"})")) << QByteArray("exp: must be a number");
        QTest::newRow("exp huge float")
            << q(makeToken(R"({"sub":"a","exp":1e300})")) << QByteArray("exp: must be a number");
        QTest::newRow("exp overflows int64")
            << q(makeToken(R"({"sub":"a","exp":18446744073709551615})"))
            << QByteArray("exp: must be a number");
        QTest::newRow("exp string") << q(makeToken(R"({"sub":"a","exp":"1795000100"})"))
                                    << QByteArray("exp: must be a number");
        QTest::newRow("rooms not array")
            << q(makeToken(R"({"sub":"a","exp":1795000100,"rooms":"general"})"))
            << QByteArray("rooms: must be an array");
        QTest::newRow("rooms null") << q(makeToken(R"({"sub":"a","exp":1795000100,"rooms":null})"))
                                    << QByteArray("rooms: must be an array");
        QTest::newRow("rooms bad pattern")
            << q(makeToken(R"({"sub":"a","exp":1795000100,"rooms":["ok","no way"]})"))
            << QByteArray("rooms[1]: must be a room pattern (1-64 characters of [A-Za-z0-9_.:-*])");
        QTest::newRow("rooms item not string")
            << q(makeToken(R"({"sub":"a","exp":1795000100,"rooms":[1]})"))
            << QByteArray("rooms[0]: must be a room pattern (1-64 characters of [A-Za-z0-9_.:-*])");
        QTest::newRow("pub not bool")
            << q(makeToken(R"({"sub":"a","exp":1795000100,"pub":"false"})"))
            << QByteArray("pub: must be a boolean");
        QTest::newRow("nbf in future")
            << q(makeToken(R"({"sub":"a","exp":1795009999,"nbf":1795000100})"))
            << QByteArray("token not yet valid");
        QTest::newRow("payload not object")
            << q(makeToken(R"(["sub","a"])")) << QByteArray("malformed token payload");
        QTest::newRow("payload not json")
            << q(makeToken("sub=a")) << QByteArray("malformed token payload");

        QTest::newRow("empty") << QByteArray() << QByteArray("missing token");
        QTest::newRow("one part") << QByteArray("abc") << QByteArray("malformed token");
        QTest::newRow("two parts") << QByteArray("abc.def") << QByteArray("malformed token");
        QTest::newRow("four parts") << QByteArray(q(good) + ".x") << QByteArray("malformed token");
        QTest::newRow("only dots") << QByteArray("..") << QByteArray("malformed token header");
        QTest::newRow("header not base64")
            << QByteArray("!!!!.e30.sig") << QByteArray("malformed token header");
        QTest::newRow("header padded") << QByteArray(b64(R"({"alg":"HS256"})") + "=.e30.sig")
                                       << QByteArray("malformed token header");
        QTest::newRow("header not json")
            << QByteArray(b64("nope") + ".e30.sig") << QByteArray("malformed token header");
        QTest::newRow("header array")
            << QByteArray(b64("[1]") + ".e30.sig") << QByteArray("malformed token header");
        QTest::newRow("oversize") << QByteArray(q(good) + QByteArray(9000, 'A'))
                                  << QByteArray("token too large");
    }
    void refused()
    {
        QFETCH(QByteArray, token);
        QFETCH(QByteArray, message);
        const Expected<Claims> result = verifyToken(token.toStdString(), kSecret, kNow);
        QVERIFY(!result.ok());
        QCOMPARE(codeName(result.error().code), codeName(ErrorCode::Unauthorized));
        QCOMPARE(q(result.error().message), message);
        // The reason never carries the secret or any part of the token.
        QVERIFY(result.error().message.find(kSecret) == std::string::npos);
        for (const QByteArray &part : token.split('.')) {
            if (part.size() >= 8)
                QVERIFY(!q(result.error().message).contains(part));
        }
    }

    void emptySecretRefusesEverything()
    {
        const Claims claims{"frank", "Frank", kNow + 60, std::nullopt, true};
        const Expected<Claims> result = verifyToken(signToken(claims, ""), "", kNow);
        QVERIFY(!result.ok());
        QCOMPARE(codeName(result.error().code), codeName(ErrorCode::Unauthorized));
    }

    void oversizeIsRefusedBeforeWork()
    {
        // 8 KiB of dots would be "malformed" if parsed; the size check answers first.
        const std::string big(8193, '.');
        QCOMPARE(q(verifyToken(big, kSecret, kNow).error().message), QByteArray("token too large"));
        // 8 KiB exactly is still looked at.
        const std::string edge(8192, '.');
        QCOMPARE(q(verifyToken(edge, kSecret, kNow).error().message),
                 QByteArray("malformed token"));
    }
};

QTEST_GUILESS_MAIN(TestToken)
#include "tst_token.moc"
