-- Store an origin's answer to a read, unless a change it does not show may have happened while it was in flight
-- (tag-marks.lua, prepended, holds the rule).
-- KEYS[1] entry key   KEYS[2] route sequence key   KEYS[3] (optional) the URL's vary record
-- ARGV[1] tag key prefix   ARGV[2] snapshot: the route sequence read by the lookup, before the origin call
-- ARGV[3] entry TTL (ms)   ARGV[4] the entry's tags, one per line   ARGV[5] payload   ARGV[6] version ('' none)
-- ARGV[7] (with KEYS[3]) the vary header names of the answer ('' none)   ARGV[8] the most variants of the URL
-- A tag changed after the snapshot without a version, or to a version above the answer's, may have changed after
-- the origin read its data: the answer is not stored (returns 0). A change to the answer's own version or a lower
-- one is already in it (the answer of a read that crossed the change event of the very version it holds is
-- stored). Otherwise the entry is stamped with the snapshot, so any later change it lacks kills it, and the route's
-- sequence at the time of storing plus one is returned: the entry was alive at that sequence, so a request whose
-- lookup saw that sequence or an earlier one may be served it (request coalescing relies on this).
-- A snapshot above the sequence now means the sequence went back (a failover to a replica that had not received
-- the last invalidations): nothing is stored under it, since later invalidations would reuse its numbers.
-- An existing live entry with a higher version is kept (returns 0): a newer representation is never replaced by an
-- older one.
-- The vary record (a hash: '=' the names, then one field per variant's entry key) says which request headers the
-- URL's answers vary on, so a lookup can tell whether it built the right key. An answer without Vary drops it; one
-- with Vary sets the names (another set of names replaces the record: its variants become unreachable and expire)
-- and adds its variant; a new variant past the bound is not stored (returns 0), after dropping variants whose entry
-- is gone. The record lives as long as its longest variant.
local prefix = ARGV[1]
local snapshot = tonumber(ARGV[2])
local version = tonumber(ARGV[6])
local now = tonumber(redis.call('GET', KEYS[2]) or '0')
if snapshot > now or not alive(prefix, ARGV[4], snapshot, version) then
  return 0
end
if version then
  local e = redis.call('HMGET', KEYS[1], 's', 't', 'n')
  local existing = tonumber(e[3])
  if existing and existing > version and alive(prefix, e[2], tonumber(e[1]) or -1, existing) then
    return 0
  end
end
if KEYS[3] then
  local names = ARGV[7]
  if names == '' then
    redis.call('DEL', KEYS[3])
  else
    if redis.call('HGET', KEYS[3], '=') ~= names then
      redis.call('DEL', KEYS[3])
      redis.call('HSET', KEYS[3], '=', names)
    end
    if redis.call('HEXISTS', KEYS[3], KEYS[1]) == 0 then
      local max = tonumber(ARGV[8])
      if redis.call('HLEN', KEYS[3]) - 1 >= max then
        for _, field in ipairs(redis.call('HKEYS', KEYS[3])) do
          if field ~= '=' and redis.call('EXISTS', field) == 0 then
            redis.call('HDEL', KEYS[3], field)
          end
        end
        if redis.call('HLEN', KEYS[3]) - 1 >= max then
          return 0
        end
      end
      redis.call('HSET', KEYS[3], KEYS[1], '1')
    end
    if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[3]) then
      redis.call('PEXPIRE', KEYS[3], ARGV[3])
    end
  end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 's', ARGV[2], 't', ARGV[4], 'v', ARGV[5], 'n', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return now + 1
