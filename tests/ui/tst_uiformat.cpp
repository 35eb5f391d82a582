// The words the dashboard uses: banner texts per connection state, typing lines, metric
// values, token expiry and times. Pure functions, no server.
#include "models/banner.h"
#include "models/format.h"

#include <QDateTime>
#include <QTest>

using namespace roomcast;
using State = client::Connection::State;

class TstUiFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void banner_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("rtt");
        QTest::addColumn<int>("attempt");
        QTest::addColumn<int>("inMs");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("level");
        QTest::addColumn<bool>("canRetry");

        const QString none;
        QTest::newRow("connected")
            << int(State::Connected) << 12 << 0 << 0 << none
            << QStringLiteral("Connected · 12 ms · node-1") << QStringLiteral("ok") << false;
        QTest::newRow("connected, no rtt yet")
            << int(State::Connected) << -1 << 0 << 0 << none << QStringLiteral("Connected · node-1")
            << QStringLiteral("ok") << false;
        QTest::newRow("reconnecting") << int(State::Reconnecting) << 12 << 4 << 2100 << none
                                      << QStringLiteral("Reconnecting in 3 s (attempt 4)")
                                      << QStringLiteral("warning") << true;
        QTest::newRow("reconnecting, last second")
            << int(State::Reconnecting) << 12 << 1 << 1 << QStringLiteral("connection refused")
            << QStringLiteral("Reconnecting in 1 s (attempt 1) — connection refused")
            << QStringLiteral("warning") << true;
        QTest::newRow("connecting")
            << int(State::Connecting) << -1 << 0 << 0 << none
            << QStringLiteral("Connecting to example.org:8765…") << QStringLiteral("busy") << false;
        QTest::newRow("authenticating")
            << int(State::Authenticating) << -1 << 0 << 0 << none
            << QStringLiteral("Connecting to example.org:8765…") << QStringLiteral("busy") << false;
        QTest::newRow("offline") << int(State::Offline) << -1 << 0 << 0 << none
                                 << QStringLiteral("Offline") << QStringLiteral("error") << true;
        QTest::newRow("signed out")
            << int(State::Unauthorized) << -1 << 0 << 0 << QStringLiteral("token expired")
            << QStringLiteral("Signed out — the server refused the token")
            << QStringLiteral("error") << false;
        QTest::newRow("stopped") << int(State::Stopped) << -1 << 0 << 0
                                 << QStringLiteral("unsupported protocol")
                                 << QStringLiteral("Stopped — unsupported protocol")
                                 << QStringLiteral("error") << true;
    }
    void banner()
    {
        QFETCH(int, state);
        QFETCH(int, rtt);
        QFETCH(int, attempt);
        QFETCH(int, inMs);
        QFETCH(QString, error);
        models::Banner::Input in;
        in.state = State(state);
        in.rttMs = rtt;
        in.node = QStringLiteral("node-1");
        in.attempt = attempt;
        in.reconnectInMs = inMs;
        in.lastError = error;
        in.host = QStringLiteral("example.org:8765");
        const models::Banner b = models::Banner::describe(in);
        QTEST(b.text, "text");
        QTEST(b.level, "level");
        QTEST(b.canRetry, "canRetry");
    }

    void typingText()
    {
        using models::format::typingText;
        QCOMPARE(typingText({}), QString());
        QCOMPARE(typingText({QStringLiteral("Bob")}), QStringLiteral("Bob is typing…"));
        QCOMPARE(typingText({QStringLiteral("Bob"), QStringLiteral("Carol")}),
                 QStringLiteral("Bob and Carol are typing…"));
        QCOMPARE(typingText({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}),
                 QStringLiteral("Several people are typing…"));
    }

    void metricValue_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("text");
        QTest::newRow("percent") << 42.04 << QStringLiteral("%") << QStringLiteral("42 %");
        QTest::newRow("one decimal")
            << 3.46 << QStringLiteral("MB/s") << QStringLiteral("3.5 MB/s");
        QTest::newRow("no unit") << 17.0 << QString() << QStringLiteral("17");
        QTest::newRow("large") << 12345.6 << QStringLiteral("msg") << QStringLiteral("12346 msg");
        QTest::newRow("negative") << -0.26 << QString() << QStringLiteral("-0.3");
    }
    void metricValue()
    {
        QFETCH(double, value);
        QFETCH(QString, unit);
        QTEST(models::format::metricValueText(value, unit), "text");
    }

    void expiry()
    {
        using models::format::expiryText;
        const std::int64_t now = 1'800'000'000'000;
        QCOMPARE(expiryText(0, now), QStringLiteral("unknown"));
        QCOMPARE(expiryText(now / 1000 + 30, now), QStringLiteral("in 30 s"));
        QCOMPARE(expiryText(now / 1000 + 3 * 3600 + 12 * 60, now), QStringLiteral("in 3 h 12 min"));
        QCOMPARE(expiryText(now / 1000 - 300, now), QStringLiteral("expired 5 min ago"));
    }

    void timeAndKinds()
    {
        using namespace models::format;
        const QDateTime noon(QDate(2026, 11, 28), QTime(14, 2));
        const std::int64_t ms = noon.toMSecsSinceEpoch();
        QCOMPARE(timeText(ms, ms + 60'000), QStringLiteral("14:02"));
        QCOMPARE(timeText(ms, ms + 2 * 86'400'000LL), QStringLiteral("28 Nov 14:02"));
        QCOMPARE(kindName("chat"), QStringLiteral("chat"));
        QCOMPARE(kindName("metric"), QStringLiteral("metric"));
        QCOMPARE(kindName("deploy.v2"), QStringLiteral("unknown"));
        QCOMPARE(prettyJson(protocol::Json{{"a", 1}}), QStringLiteral("{\n  \"a\": 1\n}"));
        QCOMPARE(bodyString(protocol::Json{{"text", 5}}, "text"), QString());
    }
};

QTEST_GUILESS_MAIN(TstUiFormat)
#include "tst_uiformat.moc"
