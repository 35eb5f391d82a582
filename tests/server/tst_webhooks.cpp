// End to end: --webhook on a real in-process node, POSTing to a real HTTP receiver on
// loopback: the message event as the body, its id and HMAC signature in headers, each room
// in order, retries after a 500 and while the receiver is down (order kept), 4xx refusals
// dropped, the queue and outcomes in /metrics.
#include "httptest.h"
#include "servertestmain.h"
#include "webhookreceiver.h"

#include "webhooks/webhookdispatcher.h"

#include <QMessageAuthenticationCode>
#include <QTest>

using namespace roomcast::test;
using namespace roomcast::test::httptest;
using roomcast::server::webhooks::WebhookDispatcher;

class TstWebhooks : public QObject, protected NodeFixture
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_hook = std::make_unique<WebhookReceiver>();
        QVERIFY(m_hook->listen());
    }
    void cleanup()
    {
        m_fx.reset();
        m_hook.reset();
    }

    void signedEventsOfMatchingRoomsInOrder()
    {
        QVERIFY(startWithHook({"alerts", "deploy-*"}));
        QVERIFY(publish("alerts", "a1"));
        QVERIFY(publish("general", "not hooked"));
        QVERIFY(publish("deploy-prod", "d1"));
        QVERIFY(publish("alerts", "a2"));
        QVERIFY(m_hook->waitRequests(3));
        QVERIFY(!m_hook->waitRequests(4, 300)); // general is not hooked
        const std::string epoch = roomEpoch("alerts");
        std::vector<std::string> alerts;
        for (const WebhookReceiver::Request &r : m_hook->requests()) {
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/hook"));
            QCOMPARE(r.header("content-type").value_or(""), QByteArray("application/json"));
            const QByteArray expected = "sha256=" + QMessageAuthenticationCode::hash(
                                                        r.body, kSecret, QCryptographicHash::Sha256)
                                                        .toHex();
            QCOMPARE(r.header("x-roomcast-signature").value_or(""), expected);
            const Json event = Json::parse(r.body.toStdString());
            QCOMPARE(str(at(event, "type")), QStringLiteral("message"));
            const std::string room = event.value("room", "");
            QCOMPARE(r.header("x-roomcast-event-id").value_or(""),
                     QByteArray::fromStdString(epoch + ":" + room + ":" +
                                               std::to_string(event.value("seq", 0))));
            if (room == "alerts")
                alerts.push_back(event["body"].value("text", ""));
        }
        QCOMPARE(alerts, (std::vector<std::string>{"a1", "a2"}));
        QTRY_COMPARE(metric("roomcast_webhook_deliveries_total{result=\"delivered\"}"),
                     QStringLiteral("3"));
        QCOMPARE(metric("roomcast_webhook_queue_depth"), QStringLiteral("0"));
    }

    void aFailedDeliveryIsRetriedAndHoldsBackTheRoom()
    {
        m_hook->script({500, 503});
        QVERIFY(startWithHook({"alerts"}));
        QVERIFY(publish("alerts", "first"));
        QVERIFY(publish("alerts", "second"));
        QVERIFY(m_hook->waitRequests(4));
        const auto &rs = m_hook->requests();
        const auto textOf = [](const WebhookReceiver::Request &r) {
            return Json::parse(r.body.toStdString())["body"].value("text", "");
        };
        // first (500), first (503), first (200), then second: never second before first.
        QCOMPARE(textOf(rs[0]), std::string("first"));
        QCOMPARE(textOf(rs[1]), std::string("first"));
        QCOMPARE(textOf(rs[2]), std::string("first"));
        QCOMPARE(rs[2].answered, 200);
        QCOMPARE(textOf(rs[3]), std::string("second"));
        QCOMPARE(rs[0].header("x-roomcast-event-id"), rs[2].header("x-roomcast-event-id"));
        QCOMPARE(rs[2].header("x-roomcast-attempt").value_or(""), QByteArray("3"));
        QTRY_COMPARE(metric("roomcast_webhook_deliveries_total{result=\"delivered\"}"),
                     QStringLiteral("2"));
        QCOMPARE(metric("roomcast_webhook_deliveries_total{result=\"retried\"}"),
                 QStringLiteral("2"));
    }

    void aReceiverThatWasDownGetsEverythingOnceBack()
    {
        const quint16 port = m_hook->port();
        m_hook->stop(); // connection refused from now on
        QVERIFY(startWithHook({"alerts"}));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(publish("alerts", "m" + std::to_string(i)));
        QTRY_VERIFY(metric("roomcast_webhook_deliveries_total{result=\"retried\"}").toInt() >= 2);
        QCOMPARE(metric("roomcast_webhook_queue_depth"), QStringLiteral("3"));
        QVERIFY(m_hook->listen(port));
        QVERIFY(m_hook->waitRequests(3));
        std::vector<qint64> seqs;
        for (const WebhookReceiver::Request &r : m_hook->requests())
            seqs.push_back(Json::parse(r.body.toStdString()).value("seq", qint64(0)));
        QCOMPARE(seqs, (std::vector<qint64>{1, 2, 3}));
        QTRY_COMPARE(metric("roomcast_webhook_queue_depth"), QStringLiteral("0"));
    }

    void refusalsAreDroppedAndTheRoomGoesOn()
    {
        m_hook->script({400, 408});
        QVERIFY(startWithHook({"alerts"}));
        QVERIFY(publish("alerts", "refused"));
        QVERIFY(publish("alerts", "retried after 408"));
        QVERIFY(m_hook->waitRequests(3));
        const auto &rs = m_hook->requests();
        QCOMPARE(rs[0].answered, 400); // dropped: not tried again
        QCOMPARE(rs[1].answered, 408); // a timeout: tried again
        QCOMPARE(rs[2].answered, 200);
        QCOMPARE(rs[1].body, rs[2].body);
        QVERIFY(!m_hook->waitRequests(4, 300));
        QCOMPARE(metric("roomcast_webhook_deliveries_total{result=\"dropped\"}"),
                 QStringLiteral("1"));
    }

    void aRepeatedPublishIsDeliveredOnce()
    {
        QVERIFY(startWithHook({"alerts"}));
        const QByteArray body = bytesOf(chatBody("once", "same-client-msg-id"));
        const std::string token = m_fx->token("writer");
        QCOMPARE(HttpExchange::send(http(), postRequest("alerts", body, token)).status, 201);
        QCOMPARE(HttpExchange::send(http(), postRequest("alerts", body, token)).status, 200);
        QVERIFY(m_hook->waitRequests(1));
        QVERIFY(!m_hook->waitRequests(2, 300));
    }

    void retryPolicy()
    {
        QCOMPARE(WebhookDispatcher::retryDelayMs(1, 1.0, 1000, 600000), 1000);
        QCOMPARE(WebhookDispatcher::retryDelayMs(4, 1.0, 1000, 600000), 8000);
        QCOMPARE(WebhookDispatcher::retryDelayMs(4, 0.5, 1000, 600000), 4000);
        QCOMPARE(WebhookDispatcher::retryDelayMs(30, 1.0, 1000, 600000), 600000);
        QCOMPARE(WebhookDispatcher::retryDelayMs(1000, 0.0, 1000, 600000), 300000);
        // RFC 4231, test case 2.
        QCOMPARE(WebhookDispatcher::signature("what do ya want for nothing?", "Jefe"),
                 QByteArray("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec"
                            "3843"));
    }

private:
    static constexpr const char *kSecret = "webhook-test-secret";

    bool startWithHook(std::vector<std::string> patterns)
    {
        const QString url = QString::fromLatin1(m_hook->url());
        return start([&](roomcast::server::ServerConfig &c) {
            c.webhooks = {{patterns, url}};
            c.webhookSecret = kSecret;
            c.webhookFirstRetryMs = 30;
            c.webhookMaxRetryMs = 200;
        });
    }

    std::unique_ptr<WebhookReceiver> m_hook;
};

ROOMCAST_SERVER_TEST_MAIN(TstWebhooks)
#include "tst_webhooks.moc"
