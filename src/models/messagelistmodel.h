#pragma once

#include "roomboundmodel.h"

#include "client/outbox.h"
#include "protocol/frames.h"

#include <vector>

namespace roomcast::models {

//! The messages of one room as a person reads them: what the server stored (ascending seq,
//! each once) followed by what this app has typed and the server has not echoed yet, each
//! with its delivery state from the Outbox, so nothing typed is ever out of sight.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class MessageListModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
public:
    enum Role {
        SeqRole = Qt::UserRole + 1, //!< 0 while not stored yet
        SenderIdRole,
        SenderNameRole,
        SenderInitialsRole, //!< for the avatar
        SenderHueRole,      //!< the avatar's colour, stable per user
        OwnRole,            //!< typed by this user (any of their connections)
        TimeTextRole,       //!< "14:02"
        TimestampRole,      //!< QDateTime, for tooltips
        KindRole,           //!< chat, notification, metric or unknown
        RawKindRole,        //!< the kind as sent ("deploy.v2" for an unknown one)
        TextRole,           //!< chat text, or a notification's text
        TitleRole,          //!< notification title
        LevelRole,          //!< notification level: info, success, warning, error
        UrlRole,            //!< notification url, may be empty
        MetricNameRole,
        MetricValueRole,
        MetricUnitRole,
        MetricTextRole,    //!< "42 %"
        PrettyJsonRole,    //!< the body of an unknown kind, indented
        DeliveryStateRole, //!< own messages: queued, sending, acknowledged, failed; else empty
        DeliveryErrorRole, //!< why it failed
        FirstOfGroupRole,  //!< starts a run of one sender's messages: show name and avatar
        ClientMsgIdRole,
    };
    Q_ENUM(Role)

    //! A group of one sender's messages spans at most this long; then a new header shows.
    static constexpr std::int64_t kGroupGapMs = 5 * 60 * 1000;

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! The Retry button of one's own failed message in this room: sends it again with the
    //! same client_msg_id, and its row goes queued, sending, acknowledged like a new one.
    //! False (nothing happens) unless the row is a failed message of this room.
    Q_INVOKABLE bool retry(const QString &clientMsgId);

protected:
    void attach() override;

private:
    struct Row
    {
        static Row stored(const protocol::Message &message);
        static Row pendingFrom(const client::Outbox::Entry &entry);

        protocol::Message message; //!< pending rows: seq 0, tsMs = when typed
        bool pending = false;
        client::Outbox::State state = client::Outbox::State::Acknowledged;
        QString error;
        bool firstOfGroup = true;
    };

    void reload();
    void onAdded(const QString &room, const std::vector<protocol::Message> &added);
    void onEntryChanged(const QString &clientMsgId);
    void insertStored(const protocol::Message &message);
    int pendingRow(const std::string &clientMsgId) const;
    bool isOwn(const Row &row) const;
    std::string senderOf(const Row &row) const;
    QString senderName(const Row &row) const;
    bool startsGroup(int row) const;
    void regroup(int row);

    std::vector<Row> m_rows;
    int m_stored = 0; //!< rows [0, m_stored) come from the server, the rest are pending
};

} // namespace roomcast::models
