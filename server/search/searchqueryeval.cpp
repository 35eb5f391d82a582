// search::Query, running a parsed query: as FTS5 syntax for the SQLite index, or against the
// tokens of a text (the cluster's scan and every snippet's highlights).
#include "searchquery.h"

namespace roomcast::server::search {

namespace {

bool wordMatches(const std::string &word, const std::string &token, bool prefix)
{
    return prefix ? token.compare(0, word.size(), word) == 0 : token == word;
}

//! Start indices of the phrase's occurrences in tokens.
std::vector<std::size_t> occurrences(const Query::Node &phrase, const std::vector<Token> &tokens)
{
    std::vector<std::size_t> starts;
    const std::size_t n = phrase.words.size();
    for (std::size_t i = 0; i + n <= tokens.size(); ++i) {
        bool all = true;
        for (std::size_t k = 0; k < n && all; ++k)
            all = wordMatches(phrase.words[k], tokens[i + k].folded, phrase.prefix && k + 1 == n);
        if (all)
            starts.push_back(i);
    }
    return starts;
}

bool evaluate(const Query::Node &node, const std::vector<Token> &tokens)
{
    using Kind = Query::Node::Kind;
    switch (node.kind) {
    case Kind::Phrase:
        return !occurrences(node, tokens).empty();
    case Kind::And:
        return evaluate(*node.left, tokens) && evaluate(*node.right, tokens);
    case Kind::Or:
        return evaluate(*node.left, tokens) || evaluate(*node.right, tokens);
    case Kind::Not:
        return evaluate(*node.left, tokens) && !evaluate(*node.right, tokens);
    }
    return false;
}

void mark(const Query::Node &node, const std::vector<Token> &tokens, std::vector<bool> &marks)
{
    if (node.kind == Query::Node::Kind::Phrase) {
        for (const std::size_t start : occurrences(node, tokens))
            for (std::size_t k = 0; k < node.words.size(); ++k)
                marks[start + k] = true;
        return;
    }
    mark(*node.left, tokens, marks);
    if (node.kind != Query::Node::Kind::Not) // what NOT excludes is never highlighted
        mark(*node.right, tokens, marks);
}

std::string fts5(const Query::Node &node)
{
    using Kind = Query::Node::Kind;
    if (node.kind == Kind::Phrase)
        return '"' + node.raw + '"' + (node.prefix ? "*" : "");
    const char *op = node.kind == Kind::And ? " AND " : node.kind == Kind::Or ? " OR " : " NOT ";
    return '(' + fts5(*node.left) + op + fts5(*node.right) + ')';
}

} // namespace

std::string Query::toFts5() const
{
    return fts5(*m_root);
}

bool Query::matches(const std::vector<Token> &tokens) const
{
    return evaluate(*m_root, tokens);
}

std::vector<bool> Query::highlights(const std::vector<Token> &tokens) const
{
    std::vector<bool> marks(tokens.size(), false);
    mark(*m_root, tokens, marks);
    return marks;
}

} // namespace roomcast::server::search
