#pragma once

#include "protocol/expected.h"
#include "protocol/frames.h"

namespace roomcast::server {

//! Outcome of one append: on success the stored message (seq and ts filled in).
//! `duplicate` is true when an earlier publish with the same (user, client_msg_id)
//! already stored it: the caller acks with the original seq and does not broadcast.
struct AppendResult
{
    bool ok = false;
    protocol::Error error; //!< when !ok: Unavailable (nothing stored) or Internal
    protocol::Message message;
    bool duplicate = false;
};

} // namespace roomcast::server
