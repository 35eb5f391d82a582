// End to end: who may publish and how often: read-only tokens, the publish rate limit, and
// request ids echoed or refused (PROTOCOL.md sections 3 and 9; docs/protocol.md appendix).
#include "publishtest.h"
#include "servertestmain.h"

#include <QTest>

using namespace roomcast::test;

class TstPublishRules : public QObject, private PublishRig
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY2(startRig(), m_fx->lastError.c_str()); }
    void cleanup() { releaseRig(); }

    void readOnlyTokenIsForbidden()
    {
        auto reader = client("reader", std::nullopt, false);
        auto bob = client("bob");
        QVERIFY(reader && bob);
        // Read-only may subscribe ...
        EXPECT_FRAME(reply(reader->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        // ... but not publish (with or without client_msg_id) nor type.
        Json publish = chat("general", "hi", "ro-1");
        publish["id"] = 3;
        const Json e = reply(reader->request(publish));
        EXPECT_FRAME(e, "error", "forbidden");
        QCOMPARE(num(at(e, "id")), 3);
        const Json e2 = reply(reader->request(chat("general", "hi")));
        EXPECT_FRAME(e2, "error", "forbidden");
        const Json t = reply(reader->request({{"type", "typing"}, {"id", 4}, {"room", "general"}}));
        EXPECT_FRAME(t, "error", "forbidden");
        QCOMPARE(num(at(t, "id")), 4);
        QVERIFY(roundTrip(*bob));
        QVERIFY(!bob->has("message"));
        QVERIFY(!bob->has("typing"));
        QCOMPARE(js(historyOf(*bob, "general")), js(Json::array()));
    }

    void rateLimited()
    {
        m_fx->stop();
        m_fx->config.publishRate = 5;
        m_fx->config.publishBurst = 5;
        QVERIFY2(m_fx->start(), m_fx->lastError.c_str());
        auto fast = std::make_unique<TestClient>();
        const Json welcome = reply(fast->connectAndHello(m_fx->url(), m_fx->token("alice")));
        QCOMPARE(num(at(at(welcome, "limits"), "publish_per_s")), 5);
        auto other = client("alice"); // another connection of the same user
        auto bob = client("bob");
        QVERIFY(other && bob);
        EXPECT_FRAME(reply(bob->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");

        for (int i = 1; i <= 6; ++i) {
            Json frame = chat("general", "m" + std::to_string(i), "rl-" + std::to_string(i));
            frame["id"] = i;
            fast->send(frame);
        }
        for (int i = 1; i <= 5; ++i) {
            const Json ack = reply(fast->waitFor("ack", 3000, i));
            EXPECT_FRAME(ack, "ack");
            QCOMPARE(num(at(ack, "seq")), i);
        }
        const Json limited = reply(fast->waitFor("error", 3000, 6));
        EXPECT_FRAME(limited, "error", "rate_limited");
        QVERIFY2(at(limited, "retry_after_ms").is_number_integer(), limited.dump().c_str());
        QVERIFY(num(at(limited, "retry_after_ms")) > 0);
        QVERIFY(num(at(limited, "retry_after_ms")) <= 200); // one token at 5/s
        QVERIFY(!fast->has("ack"));

        // Other connections are not slowed, not even the same user's; and the refused
        // publish left no idempotency key behind: its client_msg_id makes a new message.
        const Json otherAck = reply(other->request(chat("general", "other", "rl-6")));
        EXPECT_FRAME(otherAck, "ack");
        QCOMPARE(num(at(otherAck, "seq")), 6);
        const Json bobAck = reply(bob->request(chat("general", "bob")));
        EXPECT_FRAME(bobAck, "ack");
        QCOMPARE(num(at(bobAck, "seq")), 7);

        // Nothing of the refused publish was stored or broadcast.
        QList<QString> texts;
        for (const Json &m : historyOf(*bob, "general"))
            texts.append(str(at(at(m, "body"), "text")));
        QCOMPARE(texts,
                 (QList<QString>{QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3"),
                                 QStringLiteral("m4"), QStringLiteral("m5"),
                                 QStringLiteral("other"), QStringLiteral("bob")}));
        QVERIFY(roundTrip(*bob));
        QCOMPARE(seqsOf(Json(bob->take("message"))), range(1, 7));
    }

    void repliesEchoTheId_data()
    {
        QTest::addColumn<QString>("id");      // JSON text
        QTest::addColumn<QString>("outcome"); // ack, or the error code
        const std::vector<std::pair<const char *, Json>> ids{
            {"int", 42},
            {"zero", 0},
            {"negative", -7},
            {"int64", 9007199254740993LL},
            {"string", "req-1"},
            {"empty string", ""},
            {"64 chars", repeat("i", 64)},
            {"64 multi-byte chars", repeat(kEmoji, 64)},
        };
        for (const auto &[name, id] : ids)
            for (const char *outcome : {"ack", "bad_request", "forbidden"})
                QTest::addRow("%s %s", name, outcome)
                    << QString::fromStdString(id.dump()) << QString::fromLatin1(outcome);
    }
    void repliesEchoTheId()
    {
        QFETCH(QString, id);
        QFETCH(QString, outcome);
        auto alice = client("alice", std::vector<std::string>{"open"});
        QVERIFY(alice);
        Json frame = chat(outcome == QLatin1String("forbidden") ? "closed" : "open", "hi");
        if (outcome == QLatin1String("bad_request"))
            frame["kind"] = "Bad Kind";
        frame["id"] = Json::parse(id.toStdString());
        alice->send(frame);
        // Whatever comes back first, it must be the reply, with the id exactly as sent.
        const bool isAck = outcome == QLatin1String("ack");
        const Json r = reply(alice->waitFor(isAck ? "ack" : "error", 3000));
        if (isAck)
            EXPECT_FRAME(r, "ack");
        else
            EXPECT_FRAME(r, "error", outcome.toStdString());
        QVERIFY2(r.contains("id"), r.dump().c_str());
        QCOMPARE(js(at(r, "id")), id);
    }

    void badIdIsRefusedWithoutEcho_data()
    {
        QTest::addColumn<QString>("id"); // JSON text
        QTest::newRow("65 chars") << QString::fromStdString(Json(repeat("i", 65)).dump());
        QTest::newRow("65 multi-byte chars")
            << QString::fromStdString(Json(repeat(kEAcute, 65)).dump());
        QTest::newRow("object") << QStringLiteral("{\"a\":1}");
        QTest::newRow("array") << QStringLiteral("[1]");
        QTest::newRow("float") << QStringLiteral("1.5");
        QTest::newRow("bool") << QStringLiteral("true");
        QTest::newRow("null") << QStringLiteral("null");
    }
    void badIdIsRefusedWithoutEcho()
    {
        QFETCH(QString, id);
        auto alice = client("alice");
        QVERIFY(alice);
        EXPECT_FRAME(reply(alice->request({{"type", "subscribe"}, {"room", "general"}})),
                     "subscribed");
        Json frame = chat("general", "hi", "bad-id");
        frame["id"] = Json::parse(id.toStdString());
        alice->send(frame);
        const Json e = reply(alice->waitFor("error", 3000));
        EXPECT_FRAME(e, "error", "bad_request");
        QVERIFY2(!e.contains("id"), e.dump().c_str());
        QVERIFY2(str(at(e, "message")).contains(QLatin1String("id")), e.dump().c_str());
        // Refused before anything else: nothing stored, nothing acknowledged.
        QVERIFY(roundTrip(*alice));
        QVERIFY(!alice->has("ack"));
        QVERIFY(!alice->has("message"));
        QCOMPARE(js(historyOf(*alice, "general")), js(Json::array()));
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstPublishRules)
#include "tst_publishrules.moc"
