#include "snippet.h"

#include <algorithm>

namespace roomcast::server::search {

std::string escapeHtml(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '\n':
        case '\r':
        case '\t':
            out += ' ';
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string snippet(std::string_view text, const Query &query, int words)
{
    const std::vector<Token> tokens = tokenize(text);
    if (tokens.empty())
        return escapeHtml(text.substr(0, 200));
    const std::vector<bool> marks = query.highlights(tokens);
    const auto first = std::find(marks.begin(), marks.end(), true);
    const std::size_t count = tokens.size();
    const std::size_t window = static_cast<std::size_t>(std::max(words, 1));
    std::size_t start = first == marks.end() ? 0 : static_cast<std::size_t>(first - marks.begin());
    start = start > window / 4 ? start - window / 4 : 0;
    if (count > window)
        start = std::min(start, count - window);
    else
        start = 0;
    const std::size_t end = std::min(count, start + window);

    std::string out;
    std::size_t pos = start == 0 ? 0 : tokens[start].begin;
    if (start > 0)
        out += "…";
    for (std::size_t i = start; i < end; ++i) {
        out += escapeHtml(text.substr(pos, tokens[i].begin - pos));
        const std::string word =
            escapeHtml(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        if (marks[i])
            out.append("<mark>").append(word).append("</mark>");
        else
            out.append(word);
        pos = tokens[i].end;
    }
    if (end == count)
        out += escapeHtml(text.substr(pos));
    else
        out += "…";
    // Adjacent marks (a phrase) read as one highlight.
    static constexpr std::string_view kSeam = "</mark> <mark>";
    std::string joined;
    joined.reserve(out.size());
    for (std::size_t from = 0;;) {
        const std::size_t at = out.find(kSeam, from);
        joined.append(out, from, at == std::string::npos ? std::string::npos : at - from);
        if (at == std::string::npos)
            break;
        joined.push_back(' ');
        from = at + kSeam.size();
    }
    return joined;
}

} // namespace roomcast::server::search
