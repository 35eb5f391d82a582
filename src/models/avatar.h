#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <iterator>
#include <string>

namespace roomcast::models {

//! "Demo Bot" → "DB", "alice" → "A": the letters of a round avatar.
inline QString initials(const QString &name)
{
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString out;
    for (const QString &w : words) {
        if (out.size() == 2)
            break;
        out += w.at(0).toUpper();
    }
    return out.isEmpty() ? QStringLiteral("?") : out;
}

//! A hue in [0, 1) that is the same for a user id on every run and every machine (FNV-1a),
//! so a person keeps their avatar colour; picked from hues far enough apart to tell apart.
inline double hueOf(const std::string &userId)
{
    static constexpr double kHues[] = {0.0, 0.07, 0.12, 0.30, 0.42, 0.52, 0.58, 0.68, 0.78, 0.88};
    std::uint32_t h = 2166136261u;
    for (unsigned char c : userId) {
        h ^= c;
        h *= 16777619u;
    }
    return kHues[h % std::size(kHues)];
}

} // namespace roomcast::models
