#pragma once

#include "protocol/frames.h"

#include <QString>

#include <cstdint>

//! Small pure text helpers shared by the models, so every view words things the same way
//! and tests can check them without a server.
namespace roomcast::models::format {

//! "14:02" for today, "27 Nov 14:02" for another day (local time).
QString timeText(std::int64_t msSinceEpoch, std::int64_t nowMs);
//! "chat", "notification", "metric" or "unknown": what the views know how to draw.
QString kindName(const std::string &kind);
//! The body indented for a reader (unknown kinds are shown this way).
QString prettyJson(const protocol::Json &value);
//! "42 %", "3.5 MB/s", "17": at most one decimal, trailing ".0" dropped.
QString metricValueText(double value, const QString &unit);
//! A string field of a body, empty when absent or not a string.
QString bodyString(const protocol::Json &body, const char *field);
//! What a user is called in the views: the name, else the id.
QString displayName(const protocol::UserRef &user);
//! One line for a message in a list of results: a chat's text, a notification's
//! "title: text", a metric's "name 42 %", else the kind.
QString summaryText(const protocol::Message &message);
//! "Bob is typing…", "Bob and Carol are typing…", "Several people are typing…", or empty.
QString typingText(const QStringList &names);
//! "in 3 h 12 min", "expired 5 min ago", "unknown" for a token `exp` (seconds).
QString expiryText(std::int64_t expSecs, std::int64_t nowMs);

} // namespace roomcast::models::format
