#include "listener.h"

#include "edgesocket.h"
#include "localconnection.h"
#include "shard.h"

#include <QHostInfo>
#include <QMetaMethod>
#include <QTcpSocket>
#include <QWebSocket>

namespace roomcast::server::edge {

class Listener::TcpServer : public QTcpServer
{
public:
    explicit TcpServer(Listener *owner) : QTcpServer(owner), m_owner(owner) {}

protected:
    void incomingConnection(qintptr handle) override { m_owner->dispatch(handle); }

private:
    Listener *m_owner;
};

Listener::Listener(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_tcp(new TcpServer(this)),
      m_gate(new Gate(options, this))
{
    m_tcp->setListenBacklogSize(options.backlog);
    m_tcp->setMaxPendingConnections(1 << 30); // we never queue: incomingConnection handles all
    connect(m_gate, &Gate::upgraded, this, &Listener::onLocalUpgrade);
    m_gate->httpRoute = [this](EdgeSocket *socket) {
        if (!isSignalConnected(QMetaMethod::fromSignal(&Listener::httpRequest)))
            return false;
        Q_EMIT httpRequest(socket);
        return true;
    };
    if (options.webSocket)
        for (int i = 1; i < options.threads; ++i)
            m_shards.push_back(std::make_unique<Shard>(i, options, this));
}

Listener::~Listener()
{
    m_shards.clear(); // joins the workers: their sockets go first
}

bool Listener::listen(const QHostAddress &address, quint16 port)
{
    return m_tcp->listen(address, port);
}

QHostAddress Listener::resolveHost(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    const QHostAddress literal(host);
    if (!literal.isNull())
        return literal;
    const QHostInfo info = QHostInfo::fromName(host);
    return info.addresses().isEmpty() ? QHostAddress() : info.addresses().constFirst();
}

QString Listener::errorString() const
{
    return m_tcp->errorString();
}

quint16 Listener::port() const
{
    return m_tcp->serverPort();
}

void Listener::close()
{
    m_tcp->close();
}

void Listener::dispatch(qintptr descriptor)
{
    const std::size_t slot = m_next++ % (m_shards.size() + 1);
    if (slot == 0)
        m_gate->adopt(descriptor);
    else
        m_shards[slot - 1]->adopt(descriptor);
}

void Listener::onLocalUpgrade(QWebSocket *socket, QTcpSocket *tcp)
{
    Q_EMIT webSocketConnected(new LocalConnection(socket, tcp));
}

} // namespace roomcast::server::edge
