-- Cache lookup: one round trip per request. Reads the entry and checks it against its tags' invalidation marks.
-- KEYS[1] entry key   KEYS[2] route sequence key
-- ARGV[1] tag key prefix of the route (cg:{route}:t:)
-- Returns {'H', payload, pttl, seq} for a live entry, else {'M', seq}. seq is the route's invalidation sequence
-- now, which the caller keeps as the snapshot for storing the origin's answer (see cache-store.lua).
-- An entry is alive while none of its tags was invalidated after the entry's stamp (tag mark <= stamp).
-- A dead entry is deleted here, so it is never read again.
-- Every entry also has the implicit tag '*' (checked with its own tags, never stored): invalidating '*' drops the
-- whole route at once (the change stream does, when it cannot name what changed).
local seq = redis.call('GET', KEYS[2]) or '0'
local e = redis.call('HMGET', KEYS[1], 's', 't', 'v')
if e[3] then
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
    return {'H', e[3], tostring(redis.call('PTTL', KEYS[1])), seq}
  end
  redis.call('DEL', KEYS[1])
end
return {'M', seq}
