// TypingModel against a real node, with an injected clock: "Bob is typing…" for exactly
// 5 s after the last `typing`, or until Bob's message arrives.
#include "uifixture.h"

#include "models/messagestore.h"

#include "models/typingmodel.h"

using namespace roomcast;
using namespace roomcast::test;
using models::TypingModel;

class TstTypingModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        m_now = 1000;
    }
    void cleanup()
    {
        m_model.reset();
        m_fx.reset();
    }

    void expiresAfterFiveSeconds()
    {
        TestClient *bob = start();
        QVERIFY(bob);
        bob->send({{"type", "typing"}, {"room", "general"}});
        QTRY_COMPARE(m_model->count(), 1);
        QCOMPARE(m_model->text(), QStringLiteral("Bob is typing…"));
        QCOMPARE(m_model->data(m_model->index(0), TypingModel::UserIdRole).toString(),
                 QStringLiteral("bob"));

        m_now += TypingModel::kShowMs - 1;
        m_model->expire();
        QCOMPARE(m_model->count(), 1);
        m_now += 1;
        m_model->expire();
        QCOMPARE(m_model->count(), 0);
        QCOMPARE(m_model->text(), QString());
    }

    void typingAgainExtends()
    {
        TestClient *bob = start();
        QVERIFY(bob);
        m_model->onTyping({"bob", "Bob"});
        m_now += 4000;
        m_model->onTyping({"bob", "Bob"});
        QCOMPARE(m_model->count(), 1);
        m_now += 4000;
        m_model->expire();
        QCOMPARE(m_model->count(), 1);
        m_now += 1000;
        m_model->expire();
        QCOMPARE(m_model->count(), 0);
    }

    void messageEndsTyping()
    {
        TestClient *bob = start();
        QVERIFY(bob);
        TestClient *carol = m_fx->peer("carol", "Carol");
        QVERIFY(carol);
        bob->send({{"type", "typing"}, {"room", "general"}});
        QTRY_COMPARE(m_model->count(), 1); // two connections: their order is only known this way
        carol->send({{"type", "typing"}, {"room", "general"}});
        QTRY_COMPARE(m_model->count(), 2);
        QCOMPARE(m_model->text(), QStringLiteral("Bob and Carol are typing…"));

        QVERIFY(UiFixture::say(bob, "general", "done"));
        QTRY_COMPARE(m_model->count(), 1);
        QCOMPARE(m_model->text(), QStringLiteral("Carol is typing…"));
    }

    void ownTypingAndOtherRoomsIgnored()
    {
        QVERIFY(start());
        m_model->onTyping({"you", "You"});
        QCOMPARE(m_model->count(), 0);
        TestClient *dave = m_fx->peer("dave", "Dave", {"random"});
        QVERIFY(dave);
        dave->send({{"type", "typing"}, {"room", "random"}});
        QVERIFY(UiFixture::say(dave, "random", "x")); // ordered after the typing frame
        // Once the session holds dave's message, the typing frame before it was handled too.
        QTRY_VERIFY(!m_fx->session->store()->messages(QStringLiteral("random")).empty());
        QCOMPARE(m_model->count(), 0);
    }

private:
    TestClient *start()
    {
        if (!m_fx->start({QStringLiteral("general"), QStringLiteral("random")}))
            return nullptr;
        m_model = std::make_unique<TypingModel>();
        m_model->setClock([this] { return m_now; });
        m_model->setSession(m_fx->session.get());
        m_model->setRoom(QStringLiteral("general"));
        return m_fx->peer("bob", "Bob");
    }

    std::unique_ptr<UiFixture> m_fx;
    std::unique_ptr<TypingModel> m_model;
    std::int64_t m_now = 0;
};

QTEST_GUILESS_MAIN(TstTypingModel)
#include "tst_typingmodel.moc"
