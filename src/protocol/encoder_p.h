#pragma once

// Shared by the encoders (encoder.cpp: events and small replies, encoderreplies.cpp: the
// replies that carry messages or users). Not part of the library's interface.

#include "frames.h"
#include "jsonwriter.h"

#include <string>
#include <string_view>
#include <vector>

namespace roomcast::protocol::detail {

//! `{"type":<type>` with the object left open.
void begin(JsonWriter &w, std::string_view type);
void writeMessage(JsonWriter &w, const Message &m);
void writeUsers(JsonWriter &w, std::string_view name, const std::vector<UserRef> &users);
void writeEncodedList(JsonWriter &w, std::string_view name, const std::vector<std::string> &items);
//! `"room":..,"results":[..]`: the WebSocket `search` reply's fields, also the HTTP answer.
void writeSearchFields(JsonWriter &w, const std::string &room,
                       const std::vector<SearchResult> &results);
std::vector<std::string> encodeAll(const std::vector<Message> &messages);

std::string encodeFrame(const Subscribed &f);
std::string encodeFrame(const HistoryReply &f);
std::string encodeFrame(const SearchReply &f);
std::string encodeFrame(const PresenceReply &f);

} // namespace roomcast::protocol::detail
