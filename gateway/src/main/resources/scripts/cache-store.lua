-- Store an origin's answer to a read, unless a change it does not show may have happened while it was in flight
-- (tag-marks.lua, prepended, holds the rule).
-- KEYS[1] entry key   KEYS[2] route sequence key
-- ARGV[1] tag key prefix   ARGV[2] snapshot: the route sequence read by the lookup, before the origin call
-- ARGV[3] entry TTL (ms)   ARGV[4] the entry's tags, one per line   ARGV[5] payload   ARGV[6] version ('' none)
-- A tag changed after the snapshot without a version, or to a version above the answer's, may have changed after
-- the origin read its data: the answer is not stored (returns 0). A change to the answer's own version or a lower
-- one is already in it (the answer of a read that crossed the change event of the very version it holds is
-- stored). Otherwise the entry is stamped with the snapshot, so any later change it lacks kills it, and the route's
-- sequence at the time of storing plus one is returned: the entry was alive at that sequence, so a request whose
-- lookup saw that sequence or an earlier one may be served it (request coalescing relies on this).
-- An existing live entry with a higher version is kept (returns 0): a newer representation is never replaced by an
-- older one.
local prefix = ARGV[1]
local snapshot = tonumber(ARGV[2])
local version = tonumber(ARGV[6])
if not alive(prefix, ARGV[4], snapshot, version) then
  return 0
end
if version then
  local e = redis.call('HMGET', KEYS[1], 's', 't', 'n')
  local existing = tonumber(e[3])
  if existing and existing > version and alive(prefix, e[2], tonumber(e[1]) or -1, existing) then
    return 0
  end
end
local now = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 's', ARGV[2], 't', ARGV[4], 'v', ARGV[5], 'n', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return now + 1
