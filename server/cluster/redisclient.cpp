#include "redisclient.h"

#include "logging.h"

#include <QSocketNotifier>
#include <QTimer>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <memory>

namespace roomcast::server {

namespace {
constexpr int kConnectTimeoutMs = 2000;
constexpr int kBackoffBaseMs = 100;
constexpr int kBackoffCapMs = 2000;

RedisValue convert(const redisReply *r)
{
    RedisValue v;
    switch (r->type) {
    case REDIS_REPLY_INTEGER:
        v.type = RedisValue::Type::Integer;
        v.integer = r->integer;
        break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
        v.type = r->type == REDIS_REPLY_STRING   ? RedisValue::Type::String
                 : r->type == REDIS_REPLY_STATUS ? RedisValue::Type::Status
                                                 : RedisValue::Type::Error;
        v.str.assign(r->str, r->len);
        break;
    case REDIS_REPLY_ARRAY:
        v.type = RedisValue::Type::Array;
        v.elements.reserve(r->elements);
        for (size_t i = 0; i < r->elements; ++i)
            v.elements.push_back(convert(r->element[i]));
        break;
    default:
        break;
    }
    return v;
}

RedisClient *owner(const redisAsyncContext *ac)
{
    auto *self = static_cast<RedisClient *>(ac->data);
    return self;
}
} // namespace

RedisClient::RedisClient(RedisEndpoint endpoint, QString name, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_name(std::move(name)),
      m_retry(new QTimer(this)), m_connectTimeout(new QTimer(this)), m_rng(std::random_device{}())
{
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &RedisClient::connectNow);
    m_connectTimeout->setSingleShot(true);
    m_connectTimeout->setInterval(kConnectTimeoutMs);
    connect(m_connectTimeout, &QTimer::timeout, this, [this] {
        if (m_ac && !m_up) {
            qCWarning(lcServer) << "redis" << m_name << "connect timed out";
            redisAsyncContext *ac = m_ac;
            m_ac = nullptr;
            ac->data = nullptr;
            redisAsyncFree(ac); // not connected yet: no disconnect callback
            scheduleReconnect();
        }
    });
}

RedisClient::~RedisClient()
{
    m_closing = true;
    if (m_ac) {
        redisAsyncContext *ac = m_ac;
        m_ac = nullptr;
        redisAsyncFree(ac); // pending callbacks see m_closing and are dropped
    }
    delete m_read;
    delete m_write;
}

void RedisClient::start()
{
    connectNow();
}

void RedisClient::connectNow()
{
    if (m_ac || m_closing)
        return;
    redisAsyncContext *ac = redisAsyncConnect(m_endpoint.host.c_str(), m_endpoint.port);
    if (!ac || ac->err) {
        qCWarning(lcServer) << "redis" << m_name
                            << "connect failed:" << (ac ? ac->errstr : "out of memory");
        if (ac)
            redisAsyncFree(ac);
        scheduleReconnect();
        return;
    }
    m_ac = ac;
    ac->data = this;
    ac->ev.data = this;
    ac->ev.addRead = evAddRead;
    ac->ev.delRead = evDelRead;
    ac->ev.addWrite = evAddWrite;
    ac->ev.delWrite = evDelWrite;
    ac->ev.cleanup = evCleanup;
    redisAsyncSetConnectCallback(ac, onConnect);
    redisAsyncSetDisconnectCallback(ac, onDisconnect);
    // Queued ahead of everything else on this connection.
    if (!m_endpoint.password.empty())
        send({"AUTH", m_endpoint.password}, nullptr, nullptr);
    if (m_endpoint.db != 0)
        send({"SELECT", std::to_string(m_endpoint.db)}, nullptr, nullptr);
    evAddWrite(this); // writable = connected: hiredis 0.14 waits for it to call onConnect
    m_connectTimeout->start();
}

void RedisClient::onConnect(const redisAsyncContext *ac, int status)
{
    RedisClient *self = owner(ac);
    if (!self || self->m_closing)
        return;
    self->m_connectTimeout->stop();
    if (status != REDIS_OK) {
        qCDebug(lcServer) << "redis" << self->m_name << "connect failed:" << ac->errstr;
        self->m_ac = nullptr; // hiredis frees it after this callback
        self->scheduleReconnect();
        return;
    }
    qCInfo(lcServer) << "redis" << self->m_name << "connected to"
                     << QString::fromStdString(self->m_endpoint.describe());
    self->m_attempt = 0;
    self->m_up = true;
    if (self->m_handlers.up)
        self->m_handlers.up();
}

void RedisClient::onDisconnect(const redisAsyncContext *ac, int)
{
    RedisClient *self = owner(ac);
    if (!self || self->m_closing)
        return;
    self->m_ac = nullptr; // hiredis frees it after this callback
    self->lost();
}

void RedisClient::lost()
{
    const bool wasUp = m_up;
    m_up = false;
    if (wasUp) {
        qCWarning(lcServer) << "redis" << m_name << "connection lost; reconnecting";
        if (m_handlers.down)
            m_handlers.down();
    }
    scheduleReconnect();
}

void RedisClient::drop()
{
    if (!m_ac)
        return;
    qCWarning(lcServer) << "redis" << m_name << "stopped answering; reconnecting";
    redisAsyncContext *ac = m_ac;
    redisAsyncFree(ac); // runs onDisconnect (now, or once the current callback returns)
}

void RedisClient::scheduleReconnect()
{
    if (m_closing || m_retry->isActive())
        return;
    const int exponent = std::min(m_attempt++, 10);
    const int cap = std::min(kBackoffCapMs, kBackoffBaseMs << exponent);
    std::uniform_int_distribution<int> jitter(cap / 2, cap);
    m_retry->start(jitter(m_rng));
}

bool RedisClient::send(const std::vector<std::string> &args,
                       void (*fn)(redisAsyncContext *, void *, void *), void *privdata)
{
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const std::string &a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    return redisAsyncCommandArgv(m_ac, fn, privdata, static_cast<int>(argv.size()), argv.data(),
                                 lens.data()) == REDIS_OK;
}

bool RedisClient::command(const std::vector<std::string> &args, Callback callback)
{
    if (!m_up || !m_ac)
        return false;
    auto *cb = new Callback(std::move(callback));
    if (!send(args, onReply, cb)) {
        delete cb;
        return false;
    }
    return true;
}

bool RedisClient::subscribe(const std::string &channel)
{
    return m_up && m_ac && send({"SUBSCRIBE", channel}, onPubsub, nullptr);
}

bool RedisClient::unsubscribe(const std::string &channel)
{
    return m_up && m_ac && send({"UNSUBSCRIBE", channel}, nullptr, nullptr);
}

void RedisClient::onReply(redisAsyncContext *ac, void *reply, void *privdata)
{
    std::unique_ptr<Callback> cb(static_cast<Callback *>(privdata));
    RedisClient *self = owner(ac);
    if (!self || self->m_closing || !cb || !*cb)
        return;
    if (!reply) {
        (*cb)(nullptr);
        return;
    }
    const RedisValue value = convert(static_cast<redisReply *>(reply));
    (*cb)(&value);
}

void RedisClient::onPubsub(redisAsyncContext *ac, void *reply, void *)
{
    RedisClient *self = owner(ac);
    if (!self || self->m_closing || !reply || !self->m_handlers.pubsub)
        return;
    const auto *r = static_cast<redisReply *>(reply);
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3 ||
        r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_STRING)
        return;
    const std::string kind(r->element[0]->str, r->element[0]->len);
    const std::string channel(r->element[1]->str, r->element[1]->len);
    std::string payload;
    if (r->element[2]->type == REDIS_REPLY_STRING)
        payload.assign(r->element[2]->str, r->element[2]->len);
    self->m_handlers.pubsub(kind, channel, payload);
}

} // namespace roomcast::server
