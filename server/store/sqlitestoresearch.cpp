// SqliteStore's full-text search: the FTS5 index that storeschema.cpp's triggers keep.
#include "sqlitestore.h"

#include "logging.h"
#include "sqlitestore_p.h"

#include <sqlite3.h>

namespace roomcast::server {

namespace {
//! A room's FTS rowids are search_rooms.id * 2^40 + seq (storeschema.cpp).
constexpr std::int64_t kRoomStride = std::int64_t{1} << 40;
} // namespace

bool SqliteStore::Impl::prepareSearch(QString *error)
{
    searchRoom = readDb.prepare("SELECT id FROM search_rooms WHERE room = ?1", error);
    // FTS5 walks the room's rowid range backwards itself: newest first without a sort.
    search = readDb.prepare(
        "SELECT m.seq, m.ts, m.user_id, m.user_name, m.kind, m.body, m.client_msg_id "
        "FROM messages_fts f CROSS JOIN messages m ON m.room = ?1 AND m.seq = f.rowid - ?2 "
        "WHERE f.messages_fts MATCH ?3 AND f.rowid > ?2 AND f.rowid <= ?2 + ?4 "
        "ORDER BY f.rowid DESC LIMIT ?5",
        error);
    return searchRoom.isValid() && search.isValid();
}

protocol::Expected<std::vector<protocol::Message>>
SqliteStore::search(const std::string &room, const std::string &fts5Query, int limit) const
{
    const std::int64_t announced = d->announcedSeq(room);
    std::int64_t roomId = 0;
    {
        StatementScope scope(d->searchRoom);
        d->searchRoom.bind(1, room);
        if (d->searchRoom.step())
            roomId = d->searchRoom.int64(0);
    }
    if (!d->searchRoom.ok()) {
        d->readError = d->readDb.errorMessage().toStdString();
        if (auto error = takeReadError())
            return *error;
    }
    if (roomId == 0 || announced == 0 || limit <= 0)
        return std::vector<protocol::Message>{};
    d->search.bind(1, room);
    d->search.bind(2, roomId * kRoomStride);
    d->search.bind(3, fts5Query);
    d->search.bind(4, announced);
    d->search.bind(5, std::int64_t{limit});
    std::vector<protocol::Message> found = d->readRows(d->search, room);
    if (d->readError.empty())
        return found;
    if (d->readDb.errorCode() == SQLITE_ERROR) { // FTS5 refused the query itself
        protocol::Error error = protocol::badRequest("q", d->readError);
        d->readError.clear();
        return error;
    }
    return *takeReadError();
}

} // namespace roomcast::server
