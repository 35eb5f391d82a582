#include "searchresultsmodel.h"

#include "format.h"
#include "session.h"

#include "client/connection.h"
#include "client/roomsclient.h"

#include <QRegularExpression>

namespace roomcast::models {

SearchResultsModel::SearchResultsModel(QObject *parent) : RoomBoundModel(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &SearchResultsModel::searchNow);
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

QHash<int, QByteArray> SearchResultsModel::roleNames() const
{
    return {{SeqRole, "seq"},           {SenderNameRole, "senderName"},
            {TimeTextRole, "timeText"}, {SnippetRole, "snippet"},
            {KindRole, "kind"},         {PlainSnippetRole, "plainSnippet"}};
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::SearchResult &r = m_results[std::size_t(index.row())];
    switch (role) {
    case SeqRole:
        return double(r.message.seq);
    case SenderNameRole:
        return format::displayName(r.message.from);
    case TimeTextRole:
        return format::timeText(r.message.tsMs, session() ? session()->nowMs() : 0);
    case SnippetRole:
        return styledSnippet(r.snippet, m_markColor);
    case KindRole:
        return format::kindName(r.message.kind);
    case PlainSnippetRole:
        return plainSnippet(r.snippet);
    default:
        return {};
    }
}

void SearchResultsModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    if (m_query.trimmed().isEmpty()) {
        m_debounce.stop();
        m_requestId = 0;
        m_waitingForConnection = false;
        setResults({});
        setStatus({});
        return;
    }
    m_debounce.start();
}

void SearchResultsModel::setMarkColor(const QString &color)
{
    if (color == m_markColor)
        return;
    m_markColor = color;
    Q_EMIT markColorChanged();
    if (!m_results.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {SnippetRole});
}

void SearchResultsModel::searchNow()
{
    m_debounce.stop();
    const QString typed = m_query.trimmed();
    if (typed.isEmpty() || !session() || room().isEmpty())
        return;
    m_requestId =
        session()->client()->search(room().toStdString(), serverQuery(typed).toStdString(), kLimit);
    m_waitingForConnection = m_requestId == 0;
    if (m_waitingForConnection) {
        setResults({});
        setStatus(tr("Search needs a connection to the server"));
        return;
    }
    setStatus(tr("Searching…"));
}

void SearchResultsModel::attach()
{
    m_debounce.stop();
    m_requestId = 0;
    setResults({});
    setStatus({});
    m_waitingForConnection = false;
    if (!session())
        return;
    // Searched while offline, or the answer was lost with the connection: search again
    // once the connection is back (after `welcome`, which forgets the requests before it).
    track(connect(session()->connection(), &client::Connection::welcomed, this, [this] {
        if (m_waitingForConnection || m_requestId != 0)
            searchNow();
    }));
    client::RoomsClient *client = session()->client();
    track(connect(client, &client::RoomsClient::searchFinished, this,
                  [this](int id, const QString &, const std::vector<protocol::SearchResult> &r) {
                      if (id != m_requestId)
                          return; // an older query's answer
                      m_requestId = 0;
                      setResults(r);
                      setStatus(r.empty() ? tr("No messages match")
                                          : tr("%n result(s)", nullptr, int(r.size())));
                  }));
    track(connect(client, &client::RoomsClient::searchFailed, this,
                  [this](int id, const QString &, const QString &message) {
                      if (id != m_requestId)
                          return;
                      m_requestId = 0;
                      setResults({});
                      setStatus(message);
                  }));
    if (!m_query.trimmed().isEmpty())
        searchNow(); // the same words in the room just opened
}

QString SearchResultsModel::serverQuery(const QString &typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty() || text.count(QLatin1Char('"')) % 2 != 0)
        return text;
    static const QRegularExpression lastWord(QStringLiteral("([\\w]+)$"),
                                             QRegularExpression::UseUnicodePropertiesOption);
    const QRegularExpressionMatch m = lastWord.match(text);
    if (!m.hasMatch())
        return text; // ends with a quote, a parenthesis or `*`
    const QString word = m.captured(1);
    if (word == QLatin1String("OR") || word == QLatin1String("NOT") || word == QLatin1String("AND"))
        return text;
    return text + QLatin1Char('*');
}

QString SearchResultsModel::styledSnippet(const std::string &snippet, const QString &markColor)
{
    QString out = QString::fromStdString(snippet);
    // StyledText knows &lt; &gt; &amp; &quot; but not numeric references.
    out.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    out.replace(QStringLiteral("<mark>"),
                QStringLiteral("<font color=\"%1\"><b>").arg(markColor.toHtmlEscaped()));
    out.replace(QStringLiteral("</mark>"), QStringLiteral("</b></font>"));
    return out;
}

QString SearchResultsModel::plainSnippet(const std::string &snippet)
{
    QString out = QString::fromStdString(snippet);
    out.remove(QStringLiteral("<mark>"));
    out.remove(QStringLiteral("</mark>"));
    out.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    out.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    out.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    out.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    out.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return out;
}

void SearchResultsModel::setResults(std::vector<protocol::SearchResult> results)
{
    if (results.empty() && m_results.empty())
        return;
    beginResetModel();
    m_results = std::move(results);
    endResetModel();
}

void SearchResultsModel::setStatus(const QString &status)
{
    // busy() follows m_requestId, so every change of it goes through here too.
    m_status = status;
    Q_EMIT statusChanged();
}

} // namespace roomcast::models
