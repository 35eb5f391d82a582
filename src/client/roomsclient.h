#pragma once

#include "roomtracker.h"

#include "protocol/frames.h"

#include <QObject>
#include <QString>

#include <map>
#include <string>
#include <vector>

namespace roomcast::client {

class Connection;
class Outbox;

//! Rooms over one Connection: joins survive reconnects (resubscribe with `since`), messages
//! reach listeners once each and in order (RoomTracker), and publishes go through the
//! Outbox so that nothing typed is lost. UI models listen to its signals.
class RoomsClient : public QObject
{
    Q_OBJECT
public:
    RoomsClient(Connection *connection, Outbox *outbox, QObject *parent = nullptr);
    ~RoomsClient() override;

    Connection *connection() const { return m_connection; }
    Outbox *outbox() const { return m_outbox; }

    void join(const std::string &room);
    void leave(const std::string &room);
    std::vector<std::string> rooms() const { return m_tracker.rooms(); }
    const RoomTracker::Status *status(const std::string &room) const
    {
        return m_tracker.status(room);
    }

    //! Queues (durably) and sends when connected; returns the client_msg_id.
    QString publish(const std::string &room, const std::string &kind, const protocol::Json &body);
    //! Sends a failed publish again: back to Queued in the Outbox, then out at once when
    //! connected or after the next `welcome`. False if it is not a failed entry.
    bool retry(const QString &clientMsgId);
    void sendTyping(const std::string &room);
    //! Searches a room's stored messages (the server's `search`); the answer comes as
    //! searchFinished() or searchFailed() with the returned request id, 0 if not connected.
    int search(const std::string &room, const std::string &query, int limit = 20);
    //! Up to `limit` stored messages of a room with seq < `before`, for a view of older
    //! context (a search result in its place); answered by historyLoaded() or historyFailed()
    //! with the returned request id (0 if not connected), never mixed into messagesArrived.
    int history(const std::string &room, std::int64_t before, int limit);
    const std::vector<protocol::UserRef> &presence(const std::string &room) const;

Q_SIGNALS:
    //! New messages of a room, ascending by seq, never repeated.
    void messagesArrived(const QString &room,
                         const std::vector<roomcast::protocol::Message> &messages);
    void roomStatusChanged(const QString &room);
    void presenceChanged(const QString &room);
    void userJoined(const QString &room, const roomcast::protocol::UserRef &user);
    void userLeft(const QString &room, const roomcast::protocol::UserRef &user);
    void typing(const QString &room, const roomcast::protocol::UserRef &user);
    //! An error the server sent for a request (forbidden room, ...), in words.
    void requestFailed(const QString &room, const QString &code, const QString &message);
    //! The results of search(), newest first.
    void searchFinished(int requestId, const QString &room,
                        const std::vector<roomcast::protocol::SearchResult> &results);
    //! search() refused (a query that does not parse, a room outside the token, ...).
    void searchFailed(int requestId, const QString &code, const QString &message);
    //! The page history() asked for, ascending by seq.
    void historyLoaded(int requestId, const QString &room,
                       const std::vector<roomcast::protocol::Message> &messages);
    void historyFailed(int requestId, const QString &code, const QString &message);

private:
    void onWelcomed();
    void onFrame(const protocol::ServerFrame &frame);
    void apply(const std::string &room, const RoomTracker::Outcome &outcome);
    void flushOutbox();

    Connection *m_connection;
    Outbox *m_outbox;
    RoomTracker m_tracker;
    std::map<std::string, std::vector<protocol::UserRef>> m_presence;
    std::map<std::string, std::string> m_pendingByRequestId; //!< request id -> room / client_msg_id
    int m_nextId = 1;
};

} // namespace roomcast::client
