-- Store an origin's answer to a read, unless a write may have made it old while it was in flight.
-- KEYS[1] entry key   KEYS[2] route sequence key
-- ARGV[1] tag key prefix   ARGV[2] snapshot: the route sequence read by the lookup, before the origin call
-- ARGV[3] entry TTL (ms)   ARGV[4] the entry's tags, one per line   ARGV[5] payload   ARGV[6] version ('' none)
-- Every invalidation sets the marks of the tags it touches to a new, higher sequence number. A tag whose mark
-- is above the snapshot was invalidated after this read began: the answer may predate that write, so it is not
-- stored (returns 0). Otherwise the entry is stamped with the snapshot, so any later invalidation kills it, and
-- the route's sequence at the time of storing plus one is returned: the entry was alive at that sequence, so a
-- request whose lookup saw that sequence or an earlier one may be served it (request coalescing relies on this).
-- An existing live entry with a higher version is kept: a newer representation is never replaced by an older one.
-- Every entry also has the implicit tag '*' (checked with its own tags, never stored): invalidating '*' drops the
-- whole route at once (the change stream does, when it cannot name what changed).
local snapshot = tonumber(ARGV[2])
for tag in string.gmatch(ARGV[4] .. '\n*', '[^\n]+') do
  local mark = redis.call('GET', ARGV[1] .. tag)
  if mark and tonumber(mark) > snapshot then
    return 0
  end
end
if ARGV[6] ~= '' then
  local e = redis.call('HMGET', KEYS[1], 's', 't', 'n')
  if e[3] and e[3] ~= '' and tonumber(e[3]) > tonumber(ARGV[6]) then
    local stamp = tonumber(e[1]) or -1
    local alive = true
    for tag in string.gmatch((e[2] or '') .. '\n*', '[^\n]+') do
      local mark = redis.call('GET', ARGV[1] .. tag)
      if mark and tonumber(mark) > stamp then
        alive = false
        break
      end
    end
    if alive then
      return 0
    end
  end
end
local now = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 's', ARGV[2], 't', ARGV[4], 'v', ARGV[5], 'n', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return now + 1
