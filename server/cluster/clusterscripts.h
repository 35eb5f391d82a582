#pragma once

namespace roomcast::server::scripts {

// The Lua scripts a cluster node runs in Redis. Each one is atomic: a publish is stored,
// sequenced and announced in one step, so `seq` has no gaps across nodes and nothing is
// half stored. Key layout (docs/cluster.md): rc:epoch, rc:r:{room} (hash: seq),
// rc:s:{room} (stream, entry id = seq-0), rc:i:{user}:{client_msg_id}, rc:p:{room} (user ->
// user JSON), rc:pn:{room} (node<US>user -> user), rc:pc:{room} (user -> nodes),
// rc:nr:{node} (room -> the node's users there), rc:nodes (node -> boot id),
// rc:alive:{node} (boot id, expires), channels rc:c:{room} and rc:hb:{node}.
// Channel payloads: `M<seq>:<epoch>:<message event>` and `E<n>:<n bytes: except user><event>`.

//! KEYS: epoch, room hash, stream, idempotency key (or "")
//! ARGV: candidate epoch, message head, message tail, retention, channel, ts ms, idem ttl s,
//! room → {0, seq, epoch} stored; {1, seq, ts ms, room} duplicate
extern const char *const kAppend;

//! KEYS: epoch, room hash, stream, presence hash
//! ARGV: candidate epoch, since epoch (or ""), since seq, limit, max recovery
//! → {epoch, seq, firstSeq, recovered, {messages...}, {users...}}
extern const char *const kSubscribeRead;

//! KEYS: stream; ARGV: before (or ""), limit → {{messages...}, more}
extern const char *const kHistory;

//! KEYS: rc:p:{room}, rc:pn:{room}, rc:pc:{room}, rc:nr:{node}
//! ARGV: node<US>user, user id, user JSON, room, channel, join payload
extern const char *const kPresenceEnter;

//! KEYS: rc:p:{room}, rc:pn:{room}, rc:pc:{room}, rc:nr:{node}
//! ARGV: node<US>user, user id, channel, leave payload, room
extern const char *const kPresenceExit;

//! KEYS: rc:nodes; ARGV: node, boot id, ttl ms, ts (ISO 8601 for leave events)
//! Marks this node alive and removes the users of nodes that are not (or of this node's
//! previous life), publishing their `leave`s. → {nodes reaped, 1 if this node's own entry
//! was missing (its users must be announced again)}
extern const char *const kHeartbeat;

//! KEYS: epoch; ARGV: candidate → the cluster's epoch (created if missing)
extern const char *const kEpoch;

} // namespace roomcast::server::scripts
