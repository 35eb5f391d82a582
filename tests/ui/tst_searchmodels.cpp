// The dashboard's search against a real node: SearchResultsModel (what Ctrl+F lists, with
// the snippet as StyledText) and MessageContextModel (a chosen result among the messages
// around it, from what the app holds or from one history request).
#include "uifixture.h"

#include "client/roomsclient.h"
#include "models/messagecontextmodel.h"
#include "models/messagestore.h"
#include "models/searchresultsmodel.h"

#include <QSignalSpy>

using namespace roomcast;
using namespace roomcast::test;
using models::MessageContextModel;
using models::SearchResultsModel;

class TstSearchModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_fx = std::make_unique<UiFixture>(); }
    void cleanup() { m_fx.reset(); }

    void typedWordsAreAPrefixOfTheLastOne()
    {
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral(" deplo ")),
                 QStringLiteral("deplo*"));
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral("build déplo")),
                 QStringLiteral("build déplo*"));
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral("deplo*")),
                 QStringLiteral("deplo*"));
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral("\"exact words\"")),
                 QStringLiteral("\"exact words\""));
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral("\"still typing")),
                 QStringLiteral("\"still typing"));
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral("deploy OR")),
                 QStringLiteral("deploy OR"));
        QCOMPARE(SearchResultsModel::serverQuery(QStringLiteral("(a b)")), QStringLiteral("(a b)"));
    }

    void snippetBecomesStyledText()
    {
        const std::string snippet = "a &lt;b&gt; &amp; it&#39;s <mark>deploy</mark> &quot;x&quot;";
        QCOMPARE(SearchResultsModel::styledSnippet(snippet, QStringLiteral("#ff0000")),
                 QStringLiteral("a &lt;b&gt; &amp; it's <font color=\"#ff0000\"><b>deploy</b>"
                                "</font> &quot;x&quot;"));
        QCOMPARE(SearchResultsModel::plainSnippet(snippet),
                 QStringLiteral("a <b> & it's deploy \"x\""));
    }

    void findsAMessageTypedAMomentAgo()
    {
        TestClient *bob = start();
        QVERIFY(bob);
        QVERIFY(UiFixture::say(bob, "general", "lunch at noon"));
        QVERIFY(UiFixture::say(bob, "general", "the deployment of build 42 failed"));
        QVERIFY(UiFixture::say(bob, "random", "deploy in another room"));

        SearchResultsModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));
        model.setMarkColor(QStringLiteral("#123456"));
        model.setQuery(QStringLiteral("deplo")); // still typing: a prefix, after the pause
        QCOMPARE(model.count(), 0);
        QTRY_COMPARE(model.count(), 1);
        QVERIFY(!model.busy());
        QCOMPARE(model.statusText(), QStringLiteral("1 result(s)"));
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(SearchResultsModel::SenderNameRole).toString(), QStringLiteral("Bob"));
        QCOMPARE(row.data(SearchResultsModel::KindRole).toString(), QStringLiteral("chat"));
        QCOMPARE(row.data(SearchResultsModel::SeqRole).toLongLong(), 2);
        QVERIFY2(row.data(SearchResultsModel::SnippetRole)
                     .toString()
                     .contains(QStringLiteral("<font color=\"#123456\"><b>deployment</b></font>")),
                 qPrintable(row.data(SearchResultsModel::SnippetRole).toString()));

        model.setQuery(QStringLiteral("noon lunch"));
        model.searchNow(); // Enter: no pause
        QVERIFY(model.busy());
        QCOMPARE(model.statusText(), QStringLiteral("Searching…"));
        QTRY_COMPARE(model.index(0).data(SearchResultsModel::SeqRole).toLongLong(), 1);
        QCOMPARE(model.count(), 1);

        model.setQuery(QStringLiteral("nothing-like-this"));
        model.searchNow();
        QTRY_COMPARE(model.statusText(), QStringLiteral("No messages match"));
        QCOMPARE(model.count(), 0);

        model.setQuery(QString());
        QCOMPARE(model.statusText(), QString());
    }

    void onlyTheLatestQueryIsShown()
    {
        TestClient *bob = start();
        QVERIFY(bob);
        QVERIFY(UiFixture::say(bob, "general", "alpha"));
        QVERIFY(UiFixture::say(bob, "general", "beta"));
        SearchResultsModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));
        QSignalSpy finished(m_fx->session->client(), &client::RoomsClient::searchFinished);
        model.setQuery(QStringLiteral("alpha"));
        model.searchNow();
        model.setQuery(QStringLiteral("beta"));
        model.searchNow();
        QTRY_COMPARE(finished.count(), 2); // both answered, in order
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.index(0).data(SearchResultsModel::SeqRole).toLongLong(), 2);
    }

    void aRefusedQuerySaysWhy()
    {
        QVERIFY(start());
        SearchResultsModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));
        model.setQuery(QStringLiteral("\"not closed"));
        model.searchNow();
        QTRY_VERIFY(!model.busy());
        QVERIFY2(model.statusText().contains(QStringLiteral("quote")),
                 qPrintable(model.statusText()));
        QCOMPARE(model.count(), 0);
    }

    void offlineSaysSoAndSearchesOnceConnected()
    {
        QVERIFY(m_fx->server.start());
        TestClient *bob = m_fx->peer("bob", "Bob");
        QVERIFY(bob);
        QVERIFY(UiFixture::say(bob, "general", "written while you were away"));
        m_fx->makeSession();
        SearchResultsModel model;
        model.setSession(m_fx->session.get());
        model.setRoom(QStringLiteral("general"));
        model.setQuery(QStringLiteral("away"));
        model.searchNow();
        QVERIFY(!model.busy());
        QCOMPARE(model.statusText(), QStringLiteral("Search needs a connection to the server"));
        QCOMPARE(model.count(), 0);
        MessageContextModel context;
        context.setSession(m_fx->session.get());
        context.setRoom(QStringLiteral("general"));
        context.setSeq(1);
        QCOMPARE(context.errorText(),
                 QStringLiteral("The message's context needs a connection to the server"));

        QVERIFY(m_fx->start());
        QTRY_COMPARE(model.statusText(), QStringLiteral("1 result(s)"));
        QCOMPARE(model.count(), 1);
        QTRY_COMPARE(context.highlightRow(), 0);
        QCOMPARE(context.errorText(), QString());
        QCOMPARE(model.statusText(), QStringLiteral("1 result(s)"));
    }

    void contextFromWhatTheAppHolds()
    {
        TestClient *bob = start();
        QVERIFY(bob);
        for (int i = 1; i <= 30; ++i)
            QVERIFY(UiFixture::say(bob, "general", "line " + std::to_string(i)));
        QTRY_COMPARE(m_fx->session->store()->messages(QStringLiteral("general")).size(),
                     std::size_t(30));

        MessageContextModel context;
        context.setSession(m_fx->session.get());
        context.setRoom(QStringLiteral("general"));
        context.setSeq(20);
        QVERIFY(!context.loading()); // no request: the app had them
        QCOMPARE(context.count(), 2 * MessageContextModel::kAround + 1);
        QCOMPARE(context.highlightRow(), MessageContextModel::kAround);
        const QModelIndex chosen = context.index(context.highlightRow());
        QCOMPARE(chosen.data(MessageContextModel::SeqRole).toLongLong(), 20);
        QCOMPARE(chosen.data(MessageContextModel::TextRole).toString(), QStringLiteral("line 20"));
        QVERIFY(chosen.data(MessageContextModel::HighlightedRole).toBool());
        QVERIFY(!context.index(0).data(MessageContextModel::HighlightedRole).toBool());
        QCOMPARE(context.index(0).data(MessageContextModel::SeqRole).toLongLong(), 10);

        context.setRoom(QStringLiteral("random")); // a seq of another room means nothing
        QCOMPARE(context.seq(), 0);
        QCOMPARE(context.count(), 0);
    }

    void contextOlderThanTheAppHoldsIsFetched()
    {
        QVERIFY(m_fx->server.start());
        TestClient *bob = m_fx->peer("bob", "Bob");
        TestClient *carol = m_fx->peer("carol", "Carol"); // two: within each one's rate limit
        QVERIFY(bob && carol);
        for (int i = 1; i <= 80; ++i)
            QVERIFY(UiFixture::say(i % 2 ? bob : carol, "general", "line " + std::to_string(i)));
        QVERIFY(m_fx->start()); // joins with the latest 50: seqs 31-80
        QCOMPARE(m_fx->session->store()->messages(QStringLiteral("general")).front().seq, 31);

        MessageContextModel context;
        context.setSession(m_fx->session.get());
        context.setRoom(QStringLiteral("general"));
        context.setSeq(5);
        QVERIFY(context.loading());
        QTRY_VERIFY(!context.loading());
        QCOMPARE(context.errorText(), QString());
        QCOMPARE(context.count(), 15); // seqs 1-15: five before, ten after
        QCOMPARE(context.highlightRow(), 4);
        QCOMPARE(context.index(4).data(MessageContextModel::TextRole).toString(),
                 QStringLiteral("line 5"));
        // Nothing of it went into the room's live list.
        QCOMPARE(m_fx->session->store()->messages(QStringLiteral("general")).front().seq, 31);
    }

private:
    TestClient *start()
    {
        if (!m_fx->start({QStringLiteral("general"), QStringLiteral("random")}))
            return nullptr;
        return m_fx->peer("bob", "Bob", {"general", "random"});
    }

    std::unique_ptr<UiFixture> m_fx;
};

QTEST_GUILESS_MAIN(TstSearchModels)
#include "tst_searchmodels.moc"
