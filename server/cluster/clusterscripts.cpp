#include "clusterscripts.h"

namespace roomcast::server::scripts {

const char *const kAppend = R"lua(
if KEYS[4] ~= '' then
  local prev = redis.call('GET', KEYS[4])
  if prev then
    local seq, ts, room = string.match(prev, '^(%d+) (%d+) (.*)$')
    return {1, tonumber(seq), tonumber(ts), room}
  end
end
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
end
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0') + 1
local text = ARGV[2] .. seq .. ARGV[3]
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'm', text)
redis.call('HSET', KEYS[2], 'seq', seq)
redis.call('PUBLISH', ARGV[5], 'M' .. seq .. ':' .. epoch .. ':' .. text)
if KEYS[4] ~= '' then
  redis.call('SET', KEYS[4], seq .. ' ' .. ARGV[6] .. ' ' .. ARGV[8], 'EX', ARGV[7])
end
return {0, seq, epoch}
)lua";

const char *const kSubscribeRead = R"lua(
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
end
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
local firstSeq = seq + 1
local first = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)
if #first > 0 then firstSeq = tonumber(string.match(first[1][1], '^(%d+)')) end
local recovered = 0
local out = {}
if ARGV[2] ~= '' and ARGV[2] == epoch then
  local since = tonumber(ARGV[3])
  local maxRecovery = tonumber(ARGV[5])
  if since <= seq and since >= firstSeq - 1 and seq - since <= maxRecovery then
    if since == seq then
      recovered = 1
    else
      local r = redis.call('XRANGE', KEYS[3], (since + 1) .. '-0', seq .. '-0')
      if #r == seq - since then
        recovered = 1
        for i = 1, #r do out[i] = r[i][2][2] end
      end
    end
  end
end
if recovered == 0 then
  out = {}
  local r = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', tonumber(ARGV[4]))
  for i = #r, 1, -1 do out[#out + 1] = r[i][2][2] end
end
return {epoch, seq, firstSeq, recovered, out, redis.call('HVALS', KEYS[4])}
)lua";

const char *const kHistory = R"lua(
local limit = tonumber(ARGV[2])
local hi = '+'
if ARGV[1] ~= '' then
  local before = tonumber(ARGV[1])
  if before <= 1 then return {{}, 0} end
  hi = (before - 1) .. '-0'
end
local r = redis.call('XREVRANGE', KEYS[1], hi, '-', 'COUNT', limit + 1)
local more = 0
if #r > limit then
  more = 1
  r[#r] = nil
end
local out = {}
for i = #r, 1, -1 do out[#out + 1] = r[i][2][2] end
return {out, more}
)lua";

const char *const kPresenceEnter = R"lua(
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
  if redis.call('HINCRBY', KEYS[3], ARGV[2], 1) == 1 then
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
    redis.call('PUBLISH', ARGV[5], ARGV[6])
  end
end
return 1
)lua";

const char *const kPresenceExit = R"lua(
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  if redis.call('HINCRBY', KEYS[4], ARGV[5], -1) <= 0 then redis.call('HDEL', KEYS[4], ARGV[5]) end
  if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) <= 0 then
    redis.call('HDEL', KEYS[3], ARGV[2])
    redis.call('HDEL', KEYS[1], ARGV[2])
    redis.call('PUBLISH', ARGV[3], ARGV[4])
  end
end
return 1
)lua";

const char *const kHeartbeat = R"lua(
local node, boot, ttl, ts = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local function reap(dead)
  local prefix = dead .. '\31'
  for _, room in ipairs(redis.call('HKEYS', 'rc:nr:' .. dead)) do
    local pn, pc, p = 'rc:pn:' .. room, 'rc:pc:' .. room, 'rc:p:' .. room
    local fields = redis.call('HGETALL', pn)
    for i = 1, #fields, 2 do
      if string.sub(fields[i], 1, #prefix) == prefix then
        local user = fields[i + 1]
        redis.call('HDEL', pn, fields[i])
        if redis.call('HINCRBY', pc, user, -1) <= 0 then
          redis.call('HDEL', pc, user)
          local json = redis.call('HGET', p, user)
          redis.call('HDEL', p, user)
          if json then
            redis.call('PUBLISH', 'rc:c:' .. room, 'E0:{"type":"leave","room":"' .. room ..
              '","user":' .. json .. ',"ts":"' .. ts .. '"}')
          end
        end
      end
    end
  end
  redis.call('DEL', 'rc:nr:' .. dead)
end
local reaped = 0
local previous = redis.call('HGET', KEYS[1], node)
if previous and previous ~= boot then
  reap(node)
  reaped = reaped + 1
end
-- Missing while we live: another node found us silent and removed our users (or Redis was
-- emptied). The caller announces them again.
local missing = 0
if previous ~= boot then missing = 1 end
redis.call('HSET', KEYS[1], node, boot)
redis.call('SET', 'rc:alive:' .. node, boot, 'PX', ttl)
for _, other in ipairs(redis.call('HKEYS', KEYS[1])) do
  if other ~= node and redis.call('EXISTS', 'rc:alive:' .. other) == 0 then
    reap(other)
    redis.call('HDEL', KEYS[1], other)
    reaped = reaped + 1
  end
end
return {reaped, missing}
)lua";

const char *const kEpoch = R"lua(
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
end
return epoch
)lua";

} // namespace roomcast::server::scripts
