#pragma once

#include "protocol/expected.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

class QSocketNotifier;
class QTimer;
struct redisAsyncContext;

namespace roomcast::server {

//! One Redis reply, copied out of hiredis so callbacks own plain values.
struct RedisValue
{
    enum class Type { Nil, Integer, String, Status, Error, Array };
    Type type = Type::Nil;
    long long integer = 0;
    std::string str; //!< String, Status and Error
    std::vector<RedisValue> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }
};

//! Where Redis is: parsed from `redis://[:password@]host[:port][/db]`.
struct RedisEndpoint
{
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string password;

    static protocol::Expected<RedisEndpoint> parse(const QString &url);
    std::string describe() const; //!< host:port/db, for messages (never the password)
};

//! One asynchronous hiredis connection driven by the Qt event loop (QSocketNotifier on its
//! descriptor; hiredis' own adapters/qt.h predates Qt 6's notifier signals). It reconnects
//! by itself with capped, jittered backoff; commands are refused while it is down, and
//! commands in flight when the connection drops get a null reply (outcome unknown).
class RedisClient : public QObject
{
    Q_OBJECT
public:
    //! `reply` is null when the connection was lost before the answer.
    using Callback = std::function<void(const RedisValue *reply)>;
    struct Handlers
    {
        std::function<void()> up;   //!< connected (and AUTH/SELECT sent ahead of anything else)
        std::function<void()> down; //!< lost; reconnecting
        //! Subscriber connections: `kind` is "subscribe", "unsubscribe" or "message".
        std::function<void(const std::string &kind, const std::string &channel,
                           const std::string &payload)>
            pubsub;
    };

    RedisClient(RedisEndpoint endpoint, QString name, QObject *parent = nullptr);
    ~RedisClient() override;

    //! One blocking round trip (connect, AUTH, SELECT, PING) so a node can refuse to start
    //! against a Redis it cannot use, with one clear line.
    static protocol::Expected<bool> probe(const RedisEndpoint &endpoint, int timeoutMs);

    void setHandlers(Handlers handlers) { m_handlers = std::move(handlers); }
    void start();
    bool isUp() const { return m_up; }
    //! Sends a command; false (and no callback) when the connection is down.
    bool command(const std::vector<std::string> &args, Callback callback);
    //! Subscriber connections only: replies arrive through Handlers::pubsub.
    bool subscribe(const std::string &channel);
    bool unsubscribe(const std::string &channel);
    //! Gives up on the current connection (it stopped answering) and reconnects.
    void drop();

private:
    static void onConnect(const redisAsyncContext *ac, int status);
    static void onDisconnect(const redisAsyncContext *ac, int status);
    static void onReply(redisAsyncContext *ac, void *reply, void *privdata);
    static void onPubsub(redisAsyncContext *ac, void *reply, void *privdata);
    static void evAddRead(void *self);
    static void evDelRead(void *self);
    static void evAddWrite(void *self);
    static void evDelWrite(void *self);
    static void evCleanup(void *self);

    void connectNow();
    void lost();
    void scheduleReconnect();
    void setNotifier(QSocketNotifier *&notifier, bool on, bool read);
    bool send(const std::vector<std::string> &args, void (*fn)(redisAsyncContext *, void *, void *),
              void *privdata);

    RedisEndpoint m_endpoint;
    QString m_name;
    Handlers m_handlers;
    redisAsyncContext *m_ac = nullptr;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    QTimer *m_retry = nullptr;
    QTimer *m_connectTimeout = nullptr;
    std::mt19937 m_rng;
    int m_attempt = 0;
    bool m_up = false;
    bool m_closing = false;
};

} // namespace roomcast::server
