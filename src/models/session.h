#pragma once

#include "banner.h"

#include "client/backoff.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace roomcast::client {
class Connection;
class Outbox;
class RoomsClient;
} // namespace roomcast::client

namespace roomcast::models {

class MessageStore;

//! The app's one connection: owns Connection + Outbox + RoomsClient and says honestly how
//! the connection stands (the banner). Models take it as their `session` and read from its
//! client and message store; it holds no list data itself.
class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    //! "Connected · 12 ms · node-1", "Reconnecting in 3 s (attempt 4)", "Offline", ...
    Q_PROPERTY(QString bannerText READ bannerText NOTIFY bannerChanged)
    //! "ok", "busy", "warning" or "error".
    Q_PROPERTY(QString bannerLevel READ bannerLevel NOTIFY bannerChanged)
    //! Whether a Retry button makes sense now.
    Q_PROPERTY(bool canRetry READ canRetry NOTIFY bannerChanged)
    //! The server refused the token (4001): the app asks for a new one instead of looping.
    Q_PROPERTY(bool signedOut READ signedOut NOTIFY bannerChanged)
    Q_PROPERTY(bool connected READ connected NOTIFY bannerChanged)
    Q_PROPERTY(QString stateName READ stateName NOTIFY bannerChanged)
    Q_PROPERTY(int rttMs READ rttMs NOTIFY bannerChanged)
    Q_PROPERTY(QString node READ node NOTIFY bannerChanged)
    Q_PROPERTY(int attempt READ attempt NOTIFY bannerChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY bannerChanged)
    Q_PROPERTY(QString tokenExpiryText READ tokenExpiryText NOTIFY bannerChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY serverUrlChanged)
    //! Publishes waiting for an ack (typed while offline included).
    Q_PROPERTY(int outboxDepth READ outboxDepth NOTIFY outboxDepthChanged)
    Q_PROPERTY(QString userId READ userId NOTIFY userChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY userChanged)
    //! Joined rooms in the order they were joined.
    Q_PROPERTY(QStringList rooms READ rooms NOTIFY roomsChanged)
    //! Every joined room has had its first `subscribed` (history shown).
    Q_PROPERTY(bool roomsLoaded READ roomsLoaded NOTIFY roomsChanged)
public:
    struct Options
    {
        QString outboxPath; //!< empty: outbox.sqlite under the app's data location
        client::Backoff::Policy backoff;
        std::function<std::int64_t()> now; //!< wall clock ms, for texts; empty = real
    };

    //! Not default-constructible on purpose: QML must use create(), the one instance.
    explicit Session(Options options, QObject *parent = nullptr);
    ~Session() override;

    static Session *instance();
    static Session *create(QQmlEngine *, QJSEngine *);

    client::Connection *connection() const { return m_connection; }
    client::Outbox *outbox() const { return m_outbox.get(); }
    client::RoomsClient *client() const { return m_client; }
    MessageStore *store() const { return m_store; }
    std::int64_t nowMs() const;

    //! Uses this server and token from now on and connects.
    Q_INVOKABLE void start(const QUrl &url, const QString &token);
    Q_INVOKABLE void join(const QString &room);
    Q_INVOKABLE void leave(const QString &room);
    //! Queues a chat message durably and sends it when connected; returns its client_msg_id.
    Q_INVOKABLE QString send(const QString &room, const QString &text);
    //! Tells the room this user is typing, at most every 3 s (the server drops more than 1/s).
    Q_INVOKABLE void sendTyping(const QString &room);
    Q_INVOKABLE void retryNow();
    //! A new token (after "Signed out"): refreshed in band or used by the next hello.
    Q_INVOKABLE void setToken(const QString &token);

    QString bannerText() const { return m_banner.text; }
    QString bannerLevel() const { return m_banner.level; }
    bool canRetry() const { return m_banner.canRetry; }
    bool signedOut() const;
    bool connected() const;
    QString stateName() const;
    int rttMs() const;
    QString node() const;
    int attempt() const;
    QString lastError() const;
    QString tokenExpiryText() const;
    QString serverUrl() const { return m_url.toString(); }
    int outboxDepth() const;
    QString userId() const { return m_userId; }
    QString userName() const { return m_userName; }
    QStringList rooms() const;
    bool roomsLoaded() const;

Q_SIGNALS:
    void bannerChanged();
    void serverUrlChanged();
    void outboxDepthChanged();
    void userChanged();
    void roomsChanged();
    //! The token was replaced through setToken (main persists it).
    void tokenReplaced(const QString &token);

private:
    void updateBanner();

    Options m_options;
    QUrl m_url;
    client::Connection *m_connection = nullptr;
    std::unique_ptr<client::Outbox> m_outbox;
    client::RoomsClient *m_client = nullptr;
    MessageStore *m_store = nullptr;
    QTimer m_countdown; //!< refreshes "Reconnecting in N s" while waiting
    Banner m_banner;
    QString m_bannerSignature;
    QString m_userId;
    QString m_userName;
    QStringList m_rooms;                    //!< in the order joined
    QHash<QString, std::int64_t> m_typedAt; //!< last typing sent per room (monotonic ms)
    QElapsedTimer m_clock;
};

} // namespace roomcast::models
