#pragma once

#include "searchquery.h"

#include <string>
#include <string_view>

namespace roomcast::server::search {

//! The part of `text` that shows why it matched: a window of about `words` words starting a
//! little before the first highlighted one, as an HTML fragment (the text escaped, each
//! matching word in `<mark>…</mark>`, "…" where the text was cut), safe to show as is.
std::string snippet(std::string_view text, const Query &query, int words = 16);

//! `&`, `<`, `>`, `"` and `'` as HTML entities; line breaks as spaces.
std::string escapeHtml(std::string_view text);

} // namespace roomcast::server::search
