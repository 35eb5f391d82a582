// Signing and verifying: a signed token verifies to its claims, the header is the standard one
// and the signature an HMAC anyone can compute, the jwt.io example checks out, signatures are
// compared in constant time. Claims, expiry and every refused token: tst_token.
#include "tokentest.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QtTest>

using namespace roomcast::test::tokentest;

class TestTokenSigning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signAndVerify()
    {
        Claims claims;
        claims.sub = "alice";
        claims.name = "Alice Liddell";
        claims.exp = kNow + 3600;
        claims.rooms = std::vector<std::string>{"general", "team-*"};
        claims.pub = false;
        const std::string token = signToken(claims, kSecret);
        QCOMPARE(std::count(token.begin(), token.end(), '.'), 2);
        QVERIFY(token.find('=') == std::string::npos);

        const Expected<Claims> verified = verifyToken(token, kSecret, kNow);
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
        QCOMPARE(q(verified.value().sub), QByteArray("alice"));
        QCOMPARE(q(verified.value().name), QByteArray("Alice Liddell"));
        QCOMPARE(verified.value().exp, kNow + 3600);
        QVERIFY(verified.value().rooms.has_value());
        QCOMPARE(verified.value().rooms->size(), std::size_t(2));
        QCOMPARE(q(verified.value().rooms->at(1)), QByteArray("team-*"));
        QCOMPARE(verified.value().pub, false);
    }

    void signedHeaderIsStandard()
    {
        Claims claims{"bob", "Bob", kNow + 60, std::nullopt, true};
        const std::string token = signToken(claims, kSecret);
        const QByteArray header = QByteArray::fromBase64(q(token.substr(0, token.find('.'))),
                                                         QByteArray::Base64UrlEncoding);
        QCOMPARE(header, QByteArray(R"({"alg":"HS256","typ":"JWT"})"));
        // Same result as an independent HMAC over the same two parts.
        const QByteArray input = q(token.substr(0, token.rfind('.')));
        const QByteArray mac =
            QMessageAuthenticationCode::hash(input, q(kSecret), QCryptographicHash::Sha256);
        QCOMPARE(q(token.substr(token.rfind('.') + 1)), b64(mac));
    }

    void jwtIoExampleSignatureIsAccepted()
    {
        // The well-known jwt.io HS256 example: the signature checks out, and the token is then
        // refused only because it has no `exp`.
        const std::string token =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        const Expected<Claims> result = verifyToken(token, "your-256-bit-secret", kNow);
        QVERIFY(!result.ok());
        QCOMPARE(q(result.error().message), QByteArray("exp: must be a number"));
        QCOMPARE(q(verifyToken(token, "another-secret", kNow).error().message),
                 QByteArray("bad signature"));
    }

    void constantTime_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("equal") << QByteArray("abcdef") << QByteArray("abcdef") << true;
        QTest::newRow("empty") << QByteArray() << QByteArray() << true;
        QTest::newRow("last differs") << QByteArray("abcdef") << QByteArray("abcdeg") << false;
        QTest::newRow("first differs") << QByteArray("xbcdef") << QByteArray("abcdef") << false;
        QTest::newRow("length differs") << QByteArray("abc") << QByteArray("abcd") << false;
        QTest::newRow("high bit") << QByteArray("\x80") << QByteArray("\x00", 1) << false;
    }
    void constantTime()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(constantTimeEquals(a.toStdString(), b.toStdString()), equal);
    }
};

QTEST_GUILESS_MAIN(TestTokenSigning)
#include "tst_tokensigning.moc"
