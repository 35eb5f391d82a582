#pragma once

#include "backoff.h"
#include "heartbeatmonitor.h"

#include "protocol/frames.h"

#include <QNetworkInformation>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QTimer;
class QWebSocket;

namespace roomcast::client {

//! One WebSocket to a Roomcast node with an explicit state machine, heartbeat, reconnect
//! backoff, goaway handling and in-band token refresh. It knows nothing about rooms: the
//! RoomsClient above it resubscribes on `welcomed` and routes `frameReceived`.
class Connection : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(int attempt READ attempt NOTIFY stateChanged)
    Q_PROPERTY(int reconnectInMs READ reconnectInMs NOTIFY reconnectInMsChanged)
    Q_PROPERTY(int rttMs READ rttMs NOTIFY rttChanged)
    Q_PROPERTY(QString node READ node NOTIFY stateChanged)
    Q_PROPERTY(qint64 tokenExp READ tokenExp NOTIFY stateChanged)
public:
    enum class State {
        Offline,        //!< never opened, or closed by the user
        Connecting,     //!< TCP + WebSocket upgrade
        Authenticating, //!< hello sent, waiting for welcome
        Connected,      //!< welcome received
        Reconnecting,   //!< waiting reconnectInMs before the next attempt
        Unauthorized,   //!< 4001: stopped until a new token is set
        Stopped,        //!< 4003 or another final refusal: stopped until open() again
    };
    Q_ENUM(State)

    //! Time and randomness are injected so tests are exact; defaults are the real ones.
    struct Options
    {
        QUrl url;
        QString token;
        QString clientName = QStringLiteral("roomcast-qt/0.1.0");
        Backoff::Policy backoff;
        std::function<std::int64_t()> now; //!< monotonic ms
        std::function<double()> random01;  //!< uniform [0, 1)
    };

    explicit Connection(Options options, QObject *parent = nullptr);
    ~Connection() override;

    void open();     //!< connect (or reconnect) now
    void close();    //!< close 1000 and stay Offline
    void retryNow(); //!< skip the remaining backoff wait
    //! New token: sent as `refresh` when connected, used by the next hello otherwise
    //! (and leaves Unauthorized by reconnecting).
    void setToken(const QString &token);
    void setUrl(const QUrl &url);

    //! Sends a request when Connected; false otherwise (the caller keeps it for later).
    bool send(const protocol::Request &request);

public Q_SLOTS:
    //! QNetworkInformation's reachabilityChanged lands here (where a backend exists): back
    //! Online while waiting to reconnect means try now, not when the backoff ends. Public so
    //! that tests and platforms without a backend can say it.
    void onReachabilityChanged(QNetworkInformation::Reachability reachability);

public:
    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    int attempt() const { return m_backoff.attempt(); }
    int reconnectInMs() const;
    int rttMs() const { return m_heartbeat.rttMs(); }
    QString node() const { return m_node; }
    qint64 tokenExp() const { return m_tokenExp; }
    const protocol::Welcome &welcome() const { return m_welcome; }

Q_SIGNALS:
    void stateChanged();
    void lastErrorChanged();
    void reconnectInMsChanged();
    void rttChanged();
    //! A session began (first connect or any reconnect): resubscribe and resend now.
    void welcomed(const roomcast::protocol::Welcome &welcome);
    //! Every decoded frame after welcome, in order.
    void frameReceived(const roomcast::protocol::ServerFrame &frame);

private:
    struct Private;
    std::unique_ptr<Private> d;
    State m_state = State::Offline;
    QString m_lastError;
    QString m_node;
    qint64 m_tokenExp = 0;
    protocol::Welcome m_welcome;
    Backoff m_backoff;
    HeartbeatMonitor m_heartbeat;
};

} // namespace roomcast::client
