#include "tokenizer.h"

#include <QChar>
#include <QString>

namespace roomcast::server::search {

namespace {

//! Decodes the code point at `pos`, advancing it; U+FFFD (one byte consumed) when invalid.
char32_t decodeAt(std::string_view s, std::size_t &pos)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(pos);
    int length = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        cp = lead & 0x07;
    } else {
        ++pos;
        return 0xFFFD;
    }
    if (pos + static_cast<std::size_t>(length) > s.size()) {
        ++pos;
        return 0xFFFD;
    }
    for (int i = 1; i < length; ++i) {
        const unsigned char c = byte(pos + static_cast<std::size_t>(i));
        if ((c & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    pos += static_cast<std::size_t>(length);
    return cp;
}

//! unicode61's token characters: the Unicode letter, number and private-use categories;
//! combining marks stay inside the word they modify (and are folded away).
bool isWordChar(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp == 0xFFFD)
        return false;
    return QChar::isLetterOrNumber(cp) || QChar::isMark(cp) ||
           QChar::category(cp) == QChar::Other_PrivateUse;
}

} // namespace

std::string fold(std::string_view word)
{
    bool ascii = true;
    for (const char c : word)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        std::string out(word);
        for (char &c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    const QString decomposed = QString::fromUtf8(word.data(), static_cast<qsizetype>(word.size()))
                                   .normalized(QString::NormalizationForm_D);
    QString kept;
    kept.reserve(decomposed.size());
    for (const QChar c : decomposed)
        if (!c.isMark())
            kept.append(c);
    return kept.toCaseFolded().toStdString();
}

std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    std::size_t pos = 0;
    std::size_t start = std::string_view::npos;
    while (pos < text.size()) {
        const std::size_t here = pos;
        const bool word = isWordChar(decodeAt(text, pos));
        if (word && start == std::string_view::npos)
            start = here;
        if (!word && start != std::string_view::npos) {
            tokens.push_back(Token{fold(text.substr(start, here - start)), start, here});
            start = std::string_view::npos;
        }
    }
    if (start != std::string_view::npos)
        tokens.push_back(Token{fold(text.substr(start)), start, text.size()});
    return tokens;
}

std::string searchableText(const protocol::Json &body)
{
    std::string text;
    if (!body.is_object())
        return text;
    for (const char *field : {"title", "text"}) {
        const auto it = body.find(field);
        if (it == body.end() || !it->is_string())
            continue;
        if (!text.empty())
            text += '\n';
        text += it->get_ref<const std::string &>();
    }
    return text;
}

} // namespace roomcast::server::search
