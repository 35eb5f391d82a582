#pragma once

#include "roomboundmodel.h"

#include "protocol/frames.h"

#include <vector>

namespace roomcast::models {

//! One message in its place: the messages stored around `seq` in a room (a search result
//! chosen), with that one marked. They come from what this run already received when it
//! has the message, else from one `history` request around it; older context never mixes
//! into the room's live list.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class MessageContextModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
    //! The message to show in its context; 0 shows nothing (and so does a change of room).
    Q_PROPERTY(double seq READ seqValue WRITE setSeqValue NOTIFY seqChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY stateChanged)
    //! The row of `seq` once shown (for positionViewAtIndex), -1 while loading or if gone.
    Q_PROPERTY(int highlightRow READ highlightRow NOTIFY stateChanged)
    //! Why the context cannot be shown (offline, no longer stored, refused), or empty.
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
public:
    enum Role {
        SeqRole = Qt::UserRole + 1,
        SenderNameRole,
        TimeTextRole,
        TextRole, //!< format::summaryText
        HighlightedRole,
    };
    Q_ENUM(Role)

    //! Messages shown on each side of the chosen one.
    static constexpr int kAround = 10;

    explicit MessageContextModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    qint64 seq() const { return m_seq; }
    void setSeq(qint64 seq);
    //! For QML, whose int is 32 bits: a seq as a double (exact up to 2^53).
    double seqValue() const { return double(m_seq); }
    void setSeqValue(double seq) { setSeq(qint64(seq)); }
    bool loading() const { return m_requestId != 0; }
    int highlightRow() const { return m_highlightRow; }
    QString errorText() const { return m_error; }

Q_SIGNALS:
    void seqChanged();
    void stateChanged();

protected:
    void attach() override;

private:
    void show(std::vector<protocol::Message> messages);

    qint64 m_seq = 0;
    QString m_attachedRoom;
    int m_requestId = 0;
    int m_highlightRow = -1;
    QString m_error;
    std::vector<protocol::Message> m_rows;
};

} // namespace roomcast::models
