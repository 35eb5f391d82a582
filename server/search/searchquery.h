#pragma once

#include "tokenizer.h"

#include "protocol/expected.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace roomcast::server::search {

//! A room search as users write it (docs/protocol.md, "search"), parsed once and then run by
//! either backend: SQLite FTS5 on one node (toFts5()), a scan of the retained stream in a
//! cluster (matches()). Both read the same grammar, so a query means the same everywhere:
//!
//!     deploy failed        both words (AND is implicit; `AND` may be written)
//!     "deploy failed"      the words next to each other, in this order
//!     deplo*  "deploy fa"* the last word as a prefix
//!     deploy OR release    either;  deploy NOT staging   the first without the second
//!     (a OR b) c           grouping; NOT binds tighter than AND, AND than OR (as in FTS5)
//!
//! Anything else is a word: punctuation splits words as it does in stored text, so
//! `deploy-prod` is the phrase "deploy prod". A query parse() refuses is a bad_request
//! naming `q`; whatever it accepts FTS5 parses too (every word goes to FTS5 quoted).
class Query
{
public:
    static constexpr std::size_t kMaxLength = 500; //!< characters of `q`
    static constexpr int kMaxDepth = 8;            //!< nested parentheses

    struct Node;

    static protocol::Expected<Query> parse(std::string_view text);

    //! The query in FTS5 syntax. Words keep their original spelling: FTS5 folds them with
    //! the same tokenizer that indexed the text.
    std::string toFts5() const;
    //! Whether a text with these tokens satisfies the query.
    bool matches(const std::vector<Token> &tokens) const;
    //! For each token, whether it is part of a match of a word outside a NOT (highlights).
    std::vector<bool> highlights(const std::vector<Token> &tokens) const;

private:
    explicit Query(std::shared_ptr<const Node> root) : m_root(std::move(root)) {}
    std::shared_ptr<const Node> m_root;
};

struct Query::Node
{
    enum class Kind { Phrase, And, Or, Not };
    Kind kind = Kind::Phrase;
    std::string raw;                  //!< Phrase: the words as written (for FTS5)
    std::vector<std::string> words;   //!< Phrase: folded words
    bool prefix = false;              //!< Phrase: the last word is a prefix
    std::shared_ptr<const Node> left; //!< And, Or, Not (left NOT right)
    std::shared_ptr<const Node> right;
};

} // namespace roomcast::server::search
