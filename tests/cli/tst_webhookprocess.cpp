// Webhooks of the real roomcast-server binary: what was acknowledged while the receiver was
// down survives a kill -9 of the node and is delivered, in order and once, after the
// restart; the flags refuse what cannot work with a clear message and status 2.
#include "httpexchange.h"
#include "serverprocess.h"
#include "webhookreceiver.h"

#include "protocol/token.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace roomcast::test;

namespace {
const QByteArray kSecret = "webhook-process-secret-0123456789";
const QByteArray kHookKey = "hook-key";
} // namespace

class TstWebhookProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        for (const auto &[name, content] : {std::pair{"secret", kSecret}, {"hookkey", kHookKey}}) {
            QFile f(m_dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
    }

    void acknowledgedDeliveriesSurviveKillNine()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const quint16 port = receiver.port();
        receiver.stop(); // down: every attempt is refused until it is back
        const QStringList args = runArgs(receiver.url());

        auto node = std::make_unique<ServerProcess>();
        QVERIFY2(node->start(args), node->stdErr().constData());
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(publish(*node, "deploy-" + std::to_string(i)), 201); // acknowledged
        ::kill(static_cast<pid_t>(node->process().processId()), SIGKILL);
        QVERIFY(node->process().waitForFinished(5000));

        QVERIFY(receiver.listen(port));
        auto again = std::make_unique<ServerProcess>();
        QVERIFY2(again->start(args), again->stdErr().constData());
        QVERIFY(receiver.waitRequests(3));
        QVERIFY(!receiver.waitRequests(4, 500));
        std::vector<std::string> texts;
        for (const WebhookReceiver::Request &r : receiver.requests())
            texts.push_back(nlohmann::json::parse(r.body.toStdString())["body"].value("text", ""));
        QCOMPARE(texts, (std::vector<std::string>{"deploy-1", "deploy-2", "deploy-3"}));
    }

    void flagsThatCannotWorkAreRefused()
    {
        const QString secret = m_dir.filePath(QStringLiteral("secret"));
        const auto refusal = [&](const QStringList &extra) {
            ServerProcess p;
            const int status = p.run(QStringList{QStringLiteral("--port"), QStringLiteral("0"),
                                                 QStringLiteral("--secret-file"), secret,
                                                 QStringLiteral("--data-dir"),
                                                 m_dir.filePath(QStringLiteral("flags"))} +
                                     extra);
            return std::pair{status, QString::fromUtf8(p.stdErr())};
        };
        auto [noKey, noKeyText] =
            refusal({QStringLiteral("--webhook"), QStringLiteral("alerts=http://127.0.0.1:1/h")});
        QCOMPARE(noKey, 2);
        QVERIFY2(noKeyText.contains(QStringLiteral("--webhook-secret-file")),
                 qPrintable(noKeyText));
        const QString key = m_dir.filePath(QStringLiteral("hookkey"));
        auto [badUrl, badUrlText] =
            refusal({QStringLiteral("--webhook"), QStringLiteral("alerts=ftp://x/h"),
                     QStringLiteral("--webhook-secret-file"), key});
        QCOMPARE(badUrl, 2);
        QVERIFY2(badUrlText.contains(QStringLiteral("http://")), qPrintable(badUrlText));
        auto [badPattern, badPatternText] =
            refusal({QStringLiteral("--webhook"), QStringLiteral("al erts=http://127.0.0.1:1/h"),
                     QStringLiteral("--webhook-secret-file"), key});
        QCOMPARE(badPattern, 2);
        QVERIFY2(badPatternText.contains(QStringLiteral("room pattern")),
                 qPrintable(badPatternText));
        auto [noFile, noFileText] = refusal(
            {QStringLiteral("--webhook"), QStringLiteral("alerts=http://127.0.0.1:1/h"),
             QStringLiteral("--webhook-secret-file"), m_dir.filePath(QStringLiteral("missing"))});
        QCOMPARE(noFile, 2);
        QVERIFY2(noFileText.contains(QStringLiteral("cannot read")), qPrintable(noFileText));
    }

private:
    QStringList runArgs(const QByteArray &hookUrl) const
    {
        return {QStringLiteral("--port"),
                QStringLiteral("0"),
                QStringLiteral("--secret-file"),
                m_dir.filePath(QStringLiteral("secret")),
                QStringLiteral("--data-dir"),
                m_dir.filePath(QStringLiteral("data")),
                QStringLiteral("--webhook"),
                QStringLiteral("deploy,alerts=") + QString::fromLatin1(hookUrl),
                QStringLiteral("--webhook-secret-file"),
                m_dir.filePath(QStringLiteral("hookkey"))};
    }
    static int publish(ServerProcess &node, const std::string &text)
    {
        roomcast::protocol::Claims claims;
        claims.sub = claims.name = "ci";
        claims.exp = QDateTime::currentSecsSinceEpoch() + 3600;
        const std::string token = roomcast::protocol::signToken(
            claims, std::string_view(kSecret.constData(), std::size_t(kSecret.size())));
        QUrl http = node.url();
        http.setScheme(QStringLiteral("http"));
        http.setPath({});
        const QByteArray body = QByteArray::fromStdString(
            nlohmann::json{{"kind", "chat"}, {"body", {{"text", text}}}}.dump());
        return HttpExchange::send(http, HttpExchange::request("POST", "/api/rooms/deploy/messages",
                                                              {"Authorization: Bearer " +
                                                                   QByteArray::fromStdString(token),
                                                               "Content-Type: application/json"},
                                                              body))
            .status;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TstWebhookProcess)
#include "tst_webhookprocess.moc"
