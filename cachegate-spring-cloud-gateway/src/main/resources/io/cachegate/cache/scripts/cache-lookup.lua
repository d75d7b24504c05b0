-- Cache lookup: one round trip per request. Reads the entry and checks it against its tags' marks
-- (tag-marks.lua, prepended).
-- KEYS[1] entry key   KEYS[2] route sequence key   KEYS[3] (optional) the URL's vary record
-- ARGV[1] tag key prefix of the route (cg:{route}:t:)   ARGV[2] (with KEYS[3]) the vary header names the caller
-- built KEYS[1] with ('' none)
-- Returns {'H', payload, pttl, seq} for a live entry, {'V', names, seq} when the URL varies on other request
-- headers than the caller assumed (the caller builds the key with those names and looks up once more), else
-- {'M', seq}. seq is the route's invalidation sequence now, which the caller keeps as the snapshot for storing the
-- origin's answer (see cache-store.lua).
-- A dead entry is deleted here, so it is never read again.
local seq = redis.call('GET', KEYS[2]) or '0'
if KEYS[3] then
  local names = redis.call('HGET', KEYS[3], '=') or ''
  if names ~= ARGV[2] then
    return {'V', names, seq}
  end
end
local e = redis.call('HMGET', KEYS[1], 's', 't', 'v', 'n')
if e[3] then
  if alive(ARGV[1], e[2], tonumber(e[1]) or -1, tonumber(e[4])) then
    return {'H', e[3], tostring(redis.call('PTTL', KEYS[1])), seq}
  end
  redis.call('DEL', KEYS[1])
end
return {'M', seq}
