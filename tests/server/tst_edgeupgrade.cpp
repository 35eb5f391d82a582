// What an upgraded WebSocket keeps of QWebSocket's forwarding (Gate, dropUnusedForwards):
// signals of its TCP socket and frame reader that nothing in the server listens to are no
// longer passed on (each link costs every connection memory), while what the node does use,
// whole messages, a pong's bytes as activity and the disconnect, still arrives. A real Gate on
// loopback, a raw client.
#include "edge/gate.h"
#include "loopbacklistener.h"
#include "rawwebsocket.h"
#include "servertestmain.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QWebSocket>

#include <memory>

using roomcast::server::edge::EdgeOptions;
using roomcast::server::edge::Gate;
using roomcast::test::LoopbackListener;
using roomcast::test::RawWebSocket;

class TstEdgeUpgrade : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void upgradedSocketForwardsOnlyWhatTheNodeUses()
    {
        Gate gate(EdgeOptions{});
        QWebSocket *ws = nullptr;
        QTcpSocket *tcp = nullptr;
        QObject::connect(&gate, &Gate::upgraded, this, [&](QWebSocket *s, QTcpSocket *t) {
            ws = s;
            tcp = t;
        });

        LoopbackListener listener;
        QVERIFY(listener.ok());
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(listener.port()));
        auto client = std::make_unique<RawWebSocket>();
        QVERIFY(client->connectTcp(url));
        const int accepted = listener.accept();
        QVERIFY(accepted >= 0);
        gate.adopt(accepted);
        QVERIFY(client->upgrade());
        QTRY_VERIFY(ws != nullptr);
        std::unique_ptr<QWebSocket> owned(ws); // the receiver owns it
        QVERIFY(tcp != nullptr);

        QSignalSpy errors(ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        QSignalSpy written(ws, &QWebSocket::bytesWritten);
        QSignalSpy readEnd(ws, &QWebSocket::readChannelFinished);
        QSignalSpy frames(ws, &QWebSocket::textFrameReceived);
        QSignalSpy messages(ws, &QWebSocket::textMessageReceived);
        QSignalSpy disconnected(ws, &QWebSocket::disconnected);
        QSignalSpy pongs(ws, &QWebSocket::pong);
        QSignalSpy tcpReads(tcp, &QTcpSocket::readyRead);

        // Nobody here listens to these on the QWebSocket: its forwards are gone.
        Q_EMIT tcp->errorOccurred(QAbstractSocket::NetworkError);
        Q_EMIT tcp->bytesWritten(1);
        Q_EMIT tcp->readChannelFinished();
        QCOMPARE(errors.count(), 0);
        QCOMPARE(written.count(), 0);
        QCOMPARE(readEnd.count(), 0);

        // Whole messages still reach the QWebSocket; single frames are not passed on.
        client->sendText("one");
        client->writeRaw(RawWebSocket::buildFrame(RawWebSocket::Text, "tw", true, false) +
                         RawWebSocket::buildFrame(RawWebSocket::Continuation, "o"));
        QTRY_COMPARE(messages.count(), 2);
        QCOMPARE(messages.at(0).at(0).toString(), QStringLiteral("one"));
        QCOMPARE(messages.at(1).at(0).toString(), QStringLiteral("two"));
        QCOMPARE(frames.count(), 0);

        // A pong's bytes are read (the node counts them as activity: readyRead), but
        // QWebSocket::pong is not emitted any more; the message behind it still arrives.
        const auto readsBefore = tcpReads.count();
        client->writeRaw(RawWebSocket::buildFrame(RawWebSocket::Pong, "p"));
        QTRY_VERIFY(tcpReads.count() > readsBefore);
        client->sendText("three");
        QTRY_COMPARE(messages.count(), 3);
        QCOMPARE(pongs.count(), 0);

        // And so does the end of the connection.
        client.reset(); // its socket closes
        QTRY_COMPARE(disconnected.count(), 1);
    }
};

ROOMCAST_SERVER_TEST_MAIN(TstEdgeUpgrade)
#include "tst_edgeupgrade.moc"
