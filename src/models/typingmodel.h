#pragma once

#include "roomboundmodel.h"

#include "protocol/frames.h"

#include <QTimer>

#include <functional>
#include <vector>

namespace roomcast::models {

//! Who is typing in a room: an entry shows for 5 s after the last `typing` from that user,
//! or until a message from them arrives, whichever is first (PROTOCOL.md, "typing"). The
//! clock is injectable so that tests check expiry exactly without waiting.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class TypingModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
    //! "Bob is typing…", "Bob and Carol are typing…", "Several people are typing…" or empty.
    Q_PROPERTY(QString text READ text NOTIFY textChanged)
public:
    enum Role { UserIdRole = Qt::UserRole + 1, NameRole };
    Q_ENUM(Role)

    static constexpr std::int64_t kShowMs = 5000;
    using Clock = std::function<std::int64_t()>;

    explicit TypingModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString text() const;
    //! Monotonic milliseconds; the default is a QElapsedTimer.
    void setClock(Clock clock);
    //! Someone is typing (what the client's `typing` signal feeds in).
    void onTyping(const protocol::UserRef &user);
    //! They sent a message: they are no longer typing.
    void onMessageFrom(const std::string &userId);
    //! Drops entries older than kShowMs; runs on a timer, public so tests can step the clock.
    void expire();

Q_SIGNALS:
    void textChanged();

protected:
    void attach() override;

private:
    struct Entry
    {
        protocol::UserRef user;
        std::int64_t sinceMs = 0;
    };
    void remove(int row);
    void clear();
    void schedule();

    Clock m_clock;
    QTimer m_timer;
    std::vector<Entry> m_entries;
};

} // namespace roomcast::models
