#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QWebSocket>

#include <functional>

namespace roomcast::bench {

//! A lean WebSocket client for measuring: hello on connect, then every text frame goes to
//! one callback as the QString QtWebSockets already made; no JSON parsing, no queue. The
//! test clients (tests/common) parse and keep every frame, which would be measured too.
class BenchClient : public QObject
{
    Q_OBJECT
public:
    struct Handlers
    {
        std::function<void(BenchClient &)> ready;                   //!< `welcome` arrived
        std::function<void(BenchClient &, const QString &)> frame;  //!< every later frame
        std::function<void(BenchClient &, const QString &)> failed; //!< refused or closed
    };

    BenchClient(int index, Handlers handlers, QObject *parent = nullptr);

    //! Connects, sends `hello` with the token once upgraded; `ready` follows the `welcome`.
    void open(const QUrl &url, const QString &token);
    void send(const QString &text) { m_socket.sendTextMessage(text); }
    //! Drops the connection without a closing handshake (the bench is done with it).
    void abort();
    int index() const { return m_index; }

private:
    void onText(const QString &text);
    void onDisconnected();

    QWebSocket m_socket;
    Handlers m_handlers;
    QString m_hello;
    int m_index;
    bool m_welcomed = false;
    bool m_aborting = false;
};

} // namespace roomcast::bench
