#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace roomcast::server::edge {

//! One upgraded WebSocket as the node sees it, whichever thread its socket lives on: the node
//! writes pre-built frames (textFrame()) and closes through it, and hears what the client
//! sent through its Events, always on the node's thread. LocalConnection is a socket on the
//! node's own thread; ShardConnection one on a worker shard (shard.h), reached through its
//! mailbox. Deleting a Connection drops the TCP connection at once (see release()).
//! Not a QObject: a connection costs what its socket costs, plus a few pointers.
class Connection
{
public:
    //! What the client did, always on the node's thread.
    enum class Event {
        Text,         //!< a whole text message (the handler's `text`)
        Binary,       //!< a whole binary message
        AboutToClose, //!< the close handshake began (either side)
        Disconnected,
        //! Bytes arrived: any frame is a sign of life, also pongs and the client's own pings
        //! (QWebSocket answers those without a signal).
        Activity,
    };
    //! One handler for every event (one std::function per connection, not one per event);
    //! `text` is set for Event::Text only. Set once by the node, cleared before the node
    //! forgets the connection.
    using Events = std::function<void(Event, const QString *text)>;

    virtual ~Connection() = default;
    void setEvents(Events events) { m_events = std::move(events); }

    //! Queues one whole frame, in order with everything else written to this connection
    //! (QWebSocket's pings and close included); false, and nothing queued, when more than
    //! `maxBuffered` bytes already wait (a peer that does not read).
    virtual bool send(const QByteArray &frame, qint64 maxBuffered) = 0;
    //! Bytes written and not yet taken by the kernel, as far as this thread knows.
    virtual qint64 bytesToWrite() const = 0;
    //! Starts the close handshake with a WebSocket close code.
    virtual void close(int code, const QString &reason) = 0;
    virtual void abort() = 0;
    virtual void ping() = 0;
    //! The code of the close handshake (the peer's, when it started it); valid once
    //! Events::disconnected ran.
    virtual int closeCode() const = 0;
    //! Lets go of a connection that was just closed (close()): its close frame still goes out
    //! and the socket deletes itself once the handshake is done. Deletes this object.
    virtual void release() = 0;

protected:
    void fire(Event event, const QString *text = nullptr) const
    {
        if (m_events)
            m_events(event, text);
    }
    Events m_events;
};

} // namespace roomcast::server::edge
