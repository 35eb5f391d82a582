// search::Query, parsing: the lexer and the recursive-descent parser of the grammar in
// searchquery.h.
#include "searchquery.h"

#include <QString>

#include <optional>

namespace roomcast::server::search {

namespace {

using NodePtr = std::shared_ptr<const Query::Node>;

struct Lexeme
{
    enum class Kind { Phrase, And, Or, Not, Open, Close };
    Kind kind;
    std::string raw;
    std::vector<std::string> words;
    bool prefix = false;
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

protocol::Error fail(const std::string &what)
{
    return protocol::badRequest("q", what);
}

//! A word or quoted phrase as a Phrase lexeme; nullopt when it holds no word at all.
std::optional<Lexeme> phrase(std::string raw, bool prefix)
{
    std::vector<std::string> words;
    for (Token &t : tokenize(raw))
        words.push_back(std::move(t.folded));
    if (words.empty())
        return std::nullopt;
    return Lexeme{Lexeme::Kind::Phrase, std::move(raw), std::move(words), prefix};
}

protocol::Expected<std::vector<Lexeme>> lex(std::string_view q)
{
    std::vector<Lexeme> out;
    std::size_t i = 0;
    while (i < q.size()) {
        const char c = q[i];
        if (isSpace(c)) {
            ++i;
        } else if (c == '(' || c == ')') {
            out.push_back(Lexeme{c == '(' ? Lexeme::Kind::Open : Lexeme::Kind::Close, {}, {}});
            ++i;
        } else if (c == '"') {
            const std::size_t close = q.find('"', i + 1);
            if (close == std::string_view::npos)
                return fail("a quote is not closed");
            std::string raw(q.substr(i + 1, close - i - 1));
            i = close + 1;
            bool prefix = false;
            while (i < q.size() && q[i] == '*') {
                prefix = true;
                ++i;
            }
            if (auto p = phrase(std::move(raw), prefix))
                out.push_back(std::move(*p));
        } else {
            std::size_t end = i;
            while (end < q.size() && !isSpace(q[end]) && q[end] != '"' && q[end] != '(' &&
                   q[end] != ')')
                ++end;
            std::string raw(q.substr(i, end - i));
            i = end;
            if (raw == "AND" || raw == "OR" || raw == "NOT") {
                const Lexeme::Kind kind = raw == "AND"  ? Lexeme::Kind::And
                                          : raw == "OR" ? Lexeme::Kind::Or
                                                        : Lexeme::Kind::Not;
                out.push_back(Lexeme{kind, std::move(raw), {}});
                continue;
            }
            bool prefix = false;
            while (!raw.empty() && raw.back() == '*') {
                prefix = true;
                raw.pop_back();
            }
            if (auto p = phrase(std::move(raw), prefix))
                out.push_back(std::move(*p));
        }
    }
    return out;
}

class Parser
{
public:
    explicit Parser(std::vector<Lexeme> lexemes) : m_lexemes(std::move(lexemes)) {}

    protocol::Expected<NodePtr> parse()
    {
        NodePtr root = parseOr(0);
        if (!m_error && m_pos < m_lexemes.size())
            m_error = fail("unexpected )");
        if (m_error)
            return *m_error;
        return root;
    }

private:
    const Lexeme *peek() const { return m_pos < m_lexemes.size() ? &m_lexemes[m_pos] : nullptr; }
    bool at(Lexeme::Kind kind) const { return peek() && peek()->kind == kind; }

    static NodePtr join(Query::Node::Kind kind, NodePtr left, NodePtr right)
    {
        auto node = std::make_shared<Query::Node>();
        node->kind = kind;
        node->left = std::move(left);
        node->right = std::move(right);
        return node;
    }

    NodePtr parseOr(int depth)
    {
        NodePtr left = parseAnd(depth);
        while (left && at(Lexeme::Kind::Or)) {
            ++m_pos;
            NodePtr right = parseAnd(depth);
            left = right ? join(Query::Node::Kind::Or, left, right) : nullptr;
        }
        return left;
    }

    NodePtr parseAnd(int depth)
    {
        NodePtr left = parseNot(depth);
        while (left) {
            if (at(Lexeme::Kind::And))
                ++m_pos;
            else if (!at(Lexeme::Kind::Phrase) && !at(Lexeme::Kind::Open))
                break;
            NodePtr right = parseNot(depth);
            left = right ? join(Query::Node::Kind::And, left, right) : nullptr;
        }
        return left;
    }

    NodePtr parseNot(int depth)
    {
        NodePtr left = parsePrimary(depth);
        while (left && at(Lexeme::Kind::Not)) {
            ++m_pos;
            NodePtr right = parsePrimary(depth);
            left = right ? join(Query::Node::Kind::Not, left, right) : nullptr;
        }
        return left;
    }

    NodePtr parsePrimary(int depth)
    {
        if (m_error)
            return nullptr;
        const Lexeme *l = peek();
        if (!l) {
            m_error = fail(m_pos == 0 ? "has no words to search for"
                                      : "a word is missing after " + m_lexemes[m_pos - 1].raw);
            return nullptr;
        }
        switch (l->kind) {
        case Lexeme::Kind::Phrase: {
            auto node = std::make_shared<Query::Node>();
            node->raw = l->raw;
            node->words = l->words;
            node->prefix = l->prefix;
            ++m_pos;
            return node;
        }
        case Lexeme::Kind::Open: {
            if (depth >= Query::kMaxDepth) {
                m_error =
                    fail("more than " + std::to_string(Query::kMaxDepth) + " nested parentheses");
                return nullptr;
            }
            ++m_pos;
            NodePtr inner = parseOr(depth + 1);
            if (!inner)
                return nullptr;
            if (!at(Lexeme::Kind::Close)) {
                m_error = fail("a parenthesis is not closed");
                return nullptr;
            }
            ++m_pos;
            return inner;
        }
        case Lexeme::Kind::Close:
            m_error = fail("unexpected )");
            return nullptr;
        default:
            m_error = fail(l->raw + " needs a word on each side");
            return nullptr;
        }
    }

    std::vector<Lexeme> m_lexemes;
    std::size_t m_pos = 0;
    std::optional<protocol::Error> m_error;
};

} // namespace

protocol::Expected<Query> Query::parse(std::string_view text)
{
    const QString q = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    if (q.trimmed().isEmpty())
        return fail("must not be empty");
    std::size_t characters = 0;
    for (const char c : text)
        characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    if (characters > kMaxLength)
        return fail("must be at most " + std::to_string(kMaxLength) + " characters");
    auto lexemes = lex(text);
    if (!lexemes)
        return lexemes.error();
    auto root = Parser(std::move(lexemes).value()).parse();
    if (!root)
        return root.error();
    return Query(std::move(root).value());
}

} // namespace roomcast::server::search
