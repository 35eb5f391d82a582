// A worker shard: its thread, its mailbox, and the hand-over of accepted descriptors.
#include "shard.h"

#include "edgesocket.h"
#include "epolldispatcher.h"
#include "listener.h"
#include "logging.h"
#include "shardconnection.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWebSocket>

#include <unistd.h>

namespace roomcast::server::edge {

namespace {
const QEvent::Type kWake = static_cast<QEvent::Type>(QEvent::User + 0x5a1);
} // namespace

QAbstractEventDispatcher *createEventDispatcher()
{
    if (qgetenv("ROOMCAST_EVENT_DISPATCHER") == "qt")
        return nullptr;
    return new EpollDispatcher;
}

void ShardMailbox::post(ShardOp &&op)
{
    const std::lock_guard lock(m_mutex);
    if (!m_worker)
        return; // the shard has stopped; its connections are gone
    m_ops.push_back(std::move(op));
    if (m_wakePending)
        return;
    m_wakePending = true;
    // Under the lock: the worker cannot go away between the check and the post.
    QCoreApplication::postEvent(m_worker, new QEvent(kWake));
}

std::vector<ShardOp> ShardMailbox::take()
{
    std::vector<ShardOp> ops;
    const std::lock_guard lock(m_mutex);
    ops.swap(m_ops);
    m_wakePending = false;
    return ops;
}

void ShardMailbox::close()
{
    const std::lock_guard lock(m_mutex);
    m_worker = nullptr;
    m_ops.clear();
}

//! Lives on the shard's thread: the gate, the links, and the loop over the mailbox.
class Shard::Worker : public QObject
{
public:
    Worker(const EdgeOptions &options, Listener *home)
        : m_home(home), m_gate(new Gate(options, this))
    {
        connect(m_gate, &Gate::upgraded, this, &Worker::onUpgraded);
        m_gate->handBack = [this](EdgeSocket *socket) { handBack(socket); };
    }
    std::shared_ptr<ShardMailbox> mailbox;

protected:
    bool event(QEvent *e) override
    {
        if (e->type() != kWake)
            return QObject::event(e);
        drain();
        return true;
    }

private:
    void drain()
    {
        std::vector<ShardOp> ops = mailbox->take();
        for (ShardOp &op : ops) {
            switch (op.kind) {
            case ShardOp::Kind::Adopt:
                m_gate->adopt(op.descriptor);
                break;
            case ShardOp::Kind::Stop:
                mailbox->close();
                delete m_gate; // connections still in their handshake
                m_gate = nullptr;
                qDeleteAll(findChildren<ShardLink *>(Qt::FindDirectChildrenOnly));
                QThread::currentThread()->quit();
                return;
            default:
                op.link->run(op);
                break;
            }
        }
    }

    void onUpgraded(QWebSocket *socket, QTcpSocket *tcp)
    {
        auto state = std::make_shared<LinkState>();
        auto *link = new ShardLink(socket, tcp, state, this);
        auto *connection = new ShardConnection(mailbox, link, state);
        connection->moveToThread(m_home->thread());
        link->bind(connection);
        QMetaObject::invokeMethod(
            m_home, [home = m_home, connection] { Q_EMIT home->webSocketConnected(connection); },
            Qt::QueuedConnection);
    }

    //! Not an upgrade: the node's thread serves it. The descriptor is duplicated, so closing
    //! this thread's socket (it leaves this thread's epoll set first) keeps the connection;
    //! what was read of it goes along.
    void handBack(EdgeSocket *socket)
    {
        const int descriptor = ::dup(static_cast<int>(socket->socketDescriptor()));
        const QByteArray received = socket->received().toByteArray();
        socket->abort();
        socket->deleteLater();
        if (descriptor < 0) {
            qCWarning(lcEdge) << "cannot hand an HTTP request to the node thread:"
                              << qt_error_string(errno);
            return;
        }
        QMetaObject::invokeMethod(
            m_home,
            [home = m_home, descriptor, received] { home->m_gate->adopt(descriptor, received); },
            Qt::QueuedConnection);
    }

    Listener *m_home;
    Gate *m_gate;
};

Shard::Shard(int index, const EdgeOptions &options, Listener *home)
    : m_worker(new Worker(options, home))
{
    m_mailbox = std::make_shared<ShardMailbox>(m_worker);
    m_worker->mailbox = m_mailbox;
    m_thread.setObjectName(QStringLiteral("roomcast-shard-%1").arg(index));
    if (QAbstractEventDispatcher *dispatcher = createEventDispatcher())
        m_thread.setEventDispatcher(dispatcher);
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Shard::~Shard()
{
    m_mailbox->post(ShardOp{ShardOp::Kind::Stop});
    m_thread.wait();
}

void Shard::adopt(qintptr descriptor)
{
    ShardOp op{ShardOp::Kind::Adopt};
    op.descriptor = descriptor;
    m_mailbox->post(std::move(op));
}

} // namespace roomcast::server::edge
