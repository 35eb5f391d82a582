#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlEngine>

#include <vector>

namespace roomcast::models {

class Session;

//! Base of the models that show one room of one session (messages, presence, typing,
//! metrics): QML sets `session` and `room`, and the model rebuilds itself whenever either
//! changes, so a view can switch rooms by changing one binding.
class RoomBoundModel : public QAbstractListModel
{
    Q_OBJECT
    Q_MOC_INCLUDE("models/session.h")
    QML_ANONYMOUS
    Q_PROPERTY(
        roomcast::models::Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString room READ room WRITE setRoom NOTIFY roomChanged)
    //! Rows, for bindings (`visible: model.count > 0`).
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    explicit RoomBoundModel(QObject *parent = nullptr);
    ~RoomBoundModel() override;

    Session *session() const { return m_session; }
    void setSession(Session *session);
    QString room() const { return m_room; }
    void setRoom(const QString &room);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void sessionChanged();
    void roomChanged();
    void countChanged();

protected:
    //! Rebuild the rows for the current session and room (both may be unset) and connect to
    //! what keeps them current through track(). Called after every change of either.
    virtual void attach() {}
    //! A connection that attach() made; dropped before the next attach().
    void track(const QMetaObject::Connection &connection);
    //! Drops the tracked connections and attaches again (e.g. after a room's history reset).
    void reattach();

private:
    QPointer<Session> m_session;
    QString m_room;
    std::vector<QMetaObject::Connection> m_connections;
};

} // namespace roomcast::models
