#pragma once

#include "protocol/frames.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace roomcast::server::search {

//! One word of a text as search compares it, and where it stands in the text (so a snippet
//! can cut and mark the original bytes).
struct Token
{
    std::string folded;    //!< case-folded, diacritics removed, UTF-8
    std::size_t begin = 0; //!< byte offset of the word in the UTF-8 text
    std::size_t end = 0;   //!< one past its last byte
};

//! The words of a UTF-8 text: runs of letters, digits and marks in any script, split like
//! SQLite FTS5's unicode61 tokenizer splits them, folded so that "Café" and "cafe" compare
//! equal. Invalid UTF-8 separates words.
std::vector<Token> tokenize(std::string_view text);

//! A single word folded the way tokenize() folds (for a query's words).
std::string fold(std::string_view word);

//! What a stored message offers to search: `body.title` and `body.text` when they are
//! strings, one per line (the store's FTS5 triggers index the same two fields).
std::string searchableText(const protocol::Json &body);

} // namespace roomcast::server::search
