// search::Query, the tokenizer and snippets: the grammar both backends read.
#include "search/snippet.h"

#include <QtTest>

using namespace roomcast::server::search;

namespace {

bool matchesText(const Query &q, const std::string &text)
{
    return q.matches(tokenize(text));
}

Query parsed(const char *q)
{
    auto query = Query::parse(q);
    if (!query)
        qFatal("parse(%s) failed: %s", q, query.error().message.c_str());
    return query.value();
}

QString s(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

class TstSearchQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenizesAnyScript()
    {
        const auto tokens = tokenize("Deploy-prod: Café ПРИВЕТ мир, 東京 x1");
        QStringList folded;
        for (const Token &t : tokens)
            folded << s(t.folded);
        QCOMPARE(folded, (QStringList{QStringLiteral("deploy"), QStringLiteral("prod"),
                                      QStringLiteral("cafe"), QStringLiteral("привет"),
                                      QStringLiteral("мир"), QStringLiteral("東京"),
                                      QStringLiteral("x1")}));
        QCOMPARE(tokens[2].begin, std::size_t{13});
        QCOMPARE(tokens[2].end, std::size_t{18}); // "Café": é is two bytes
    }

    void searchableTextIsTitleAndText()
    {
        using roomcast::protocol::Json;
        QCOMPARE(s(searchableText(Json{{"title", "Disk"}, {"text", "full"}})),
                 QStringLiteral("Disk\nfull"));
        QCOMPARE(s(searchableText(Json{{"name", "cpu"}, {"value", 3}})), QString());
        QCOMPARE(s(searchableText(Json{{"text", 5}})), QString());
    }

    void matches_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("expected");
        const auto row = [](const char *q, const char *t, bool e) {
            QTest::addRow("%s | %s", q, t) << QString::fromUtf8(q) << QString::fromUtf8(t) << e;
        };
        row("deploy", "Deploy started", true);
        row("deploy", "deployment started", false);
        row("deplo*", "deployment started", true);
        row("deploy failed", "failed to deploy", true);
        row("\"deploy failed\"", "failed to deploy", false);
        row("\"deploy failed\"", "the deploy failed", true);
        row("\"deploy fa\"*", "the deploy failed", true);
        row("deploy OR release", "release 1.2", true);
        row("deploy NOT staging", "deploy to staging", false);
        row("deploy NOT staging", "deploy to prod", true);
        row("(deploy OR release) prod", "release to prod", true);
        row("(deploy OR release) prod", "release to staging", false);
        row("deploy-prod", "deploy prod now", true);
        row("café", "CAFE open", true);
        row("привет", "Привет, мир", true);
        row("a AND b", "b a", true);
    }
    void matches()
    {
        QFETCH(QString, query);
        QFETCH(QString, text);
        QFETCH(bool, expected);
        QCOMPARE(matchesText(parsed(query.toUtf8().constData()), text.toStdString()), expected);
    }

    void refusesWithAClearMessage_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << QStringLiteral("q: must not be empty");
        QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("q: must not be empty");
        QTest::newRow("punctuation")
            << QStringLiteral("!!! ---") << QStringLiteral("q: has no words to search for");
        QTest::newRow("open quote")
            << QStringLiteral("\"deploy") << QStringLiteral("q: a quote is not closed");
        QTest::newRow("dangling OR")
            << QStringLiteral("deploy OR") << QStringLiteral("q: a word is missing after OR");
        QTest::newRow("leading NOT")
            << QStringLiteral("NOT deploy") << QStringLiteral("q: NOT needs a word on each side");
        QTest::newRow("open paren")
            << QStringLiteral("(deploy") << QStringLiteral("q: a parenthesis is not closed");
        QTest::newRow("stray paren")
            << QStringLiteral("deploy)") << QStringLiteral("q: unexpected )");
        QTest::newRow("too deep") << QStringLiteral("((((((((((a))))))))))")
                                  << QStringLiteral("q: more than 8 nested parentheses");
        QTest::newRow("too long") << QString(501, QLatin1Char('a'))
                                  << QStringLiteral("q: must be at most 500 characters");
    }
    void refusesWithAClearMessage()
    {
        QFETCH(QString, query);
        QFETCH(QString, message);
        const auto parsedQuery = Query::parse(query.toStdString());
        QVERIFY(!parsedQuery);
        QVERIFY(parsedQuery.error().code == roomcast::protocol::ErrorCode::BadRequest);
        QCOMPARE(s(parsedQuery.error().field), QStringLiteral("q"));
        QCOMPARE(s(parsedQuery.error().message), message);
    }

    void fts5QuotesEveryWord()
    {
        QCOMPARE(s(parsed("deplo* (a OR \"b c\") NOT foo-bar").toFts5()),
                 QStringLiteral("(\"deplo\"* AND ((\"a\" OR \"b c\") NOT \"foo-bar\"))"));
        QCOMPARE(s(parsed("Ελληνικά").toFts5()), QStringLiteral("\"Ελληνικά\""));
    }

    void snippetMarksMatchesAndEscapes()
    {
        const Query q = parsed("deploy");
        QCOMPARE(s(snippet("<b>Deploy</b> & go", q)),
                 QStringLiteral("&lt;b&gt;<mark>Deploy</mark>&lt;/b&gt; &amp; go"));
        QCOMPARE(s(snippet("the deploy failed", parsed("\"deploy failed\""))),
                 QStringLiteral("the <mark>deploy failed</mark>"));
        QCOMPARE(s(snippet("deploy to staging", parsed("deploy NOT prod"))),
                 QStringLiteral("<mark>deploy</mark> to staging"));
    }

    void snippetCutsLongTextAroundTheMatch()
    {
        std::string text;
        for (int i = 0; i < 40; ++i)
            text += "w" + std::to_string(i) + " ";
        text += "needle";
        for (int i = 40; i < 80; ++i)
            text += " w" + std::to_string(i);
        const QString cut = s(snippet(text, parsed("needle"), 8));
        QCOMPARE(cut, QStringLiteral("…w38 w39 <mark>needle</mark> w40 w41 w42 w43 w44…"));
    }
};

QTEST_GUILESS_MAIN(TstSearchQuery)
#include "tst_searchquery.moc"
