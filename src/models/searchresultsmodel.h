#pragma once

#include "roomboundmodel.h"

#include "protocol/frames.h"

#include <QTimer>

#include <vector>

namespace roomcast::models {

//! The search field of a room (Ctrl+F): what the server's `search` found for the typed
//! words, newest first, each with its snippet ready for a StyledText label. Typing
//! searches after a short pause, Enter at once; an answer to an older query is dropped,
//! and the status line says honestly what the list shows (searching, nothing, offline);
//! a search made offline runs when the connection is back.
// (The base is spelled out in full: Qt 6.4's qmltyperegistrar does not resolve it otherwise.)
class SearchResultsModel : public roomcast::models::RoomBoundModel
{
    Q_OBJECT
    QML_ELEMENT
    //! What the user typed; setting it searches after kDebounceMs (empty clears the list).
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY statusChanged)
    //! "Searching…", "No messages match", "3 results", the server's refusal, or empty.
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    //! The colour the matched words are drawn in, "#rrggbb" (the theme's accent).
    Q_PROPERTY(QString markColor READ markColor WRITE setMarkColor NOTIFY markColorChanged)
public:
    enum Role {
        SeqRole = Qt::UserRole + 1,
        SenderNameRole,
        TimeTextRole, //!< "14:02"
        SnippetRole,  //!< StyledText: the text around the match, matched words bold in markColor
        KindRole,     //!< chat, notification, metric or unknown
        PlainSnippetRole, //!< the snippet as plain text (accessible names)
    };
    Q_ENUM(Role)

    static constexpr int kDebounceMs = 250;
    static constexpr int kLimit = 50;

    explicit SearchResultsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    bool busy() const { return m_requestId != 0; }
    QString statusText() const { return m_status; }
    QString markColor() const { return m_markColor; }
    void setMarkColor(const QString &color);

    //! Searches for the current query now (Enter in the field).
    Q_INVOKABLE void searchNow();
    //! What is sent for what was typed: a last word being typed also matches as a prefix
    //! ("deplo" finds "deploy"), unless it is an operator, quoted or already a prefix.
    static QString serverQuery(const QString &typed);
    //! The server's snippet (escaped HTML with `<mark>`) as StyledText.
    static QString styledSnippet(const std::string &snippet, const QString &markColor);
    //! The server's snippet as plain text.
    static QString plainSnippet(const std::string &snippet);

Q_SIGNALS:
    void queryChanged();
    void statusChanged();
    void markColorChanged();

protected:
    void attach() override;

private:
    void setResults(std::vector<protocol::SearchResult> results);
    void setStatus(const QString &status);

    QString m_query;
    QString m_markColor = QStringLiteral("#2563eb");
    QString m_status;
    QTimer m_debounce;
    int m_requestId = 0;                 //!< the search in flight, 0 when none
    bool m_waitingForConnection = false; //!< searched while offline: search once connected
    std::vector<protocol::SearchResult> m_results;
};

} // namespace roomcast::models
