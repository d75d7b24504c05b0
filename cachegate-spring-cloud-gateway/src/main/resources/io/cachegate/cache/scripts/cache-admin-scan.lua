-- Admin API: one page of the gateway's cache entries, with what makes each readable. Never KEYS: one SCAN step.
-- KEYS[1] (on a Redis Cluster only) a key served by the master to scan: it only sends the script there
-- ARGV[1] cursor   ARGV[2] MATCH pattern (always within cg:{...}:e:*)   ARGV[3] COUNT hint
-- Returns {next cursor, key1, material1, pttl1, key2, ...}. The material is read from the entry's encoded value
-- (see EntryCodec: 35 bytes of fixed fields, then a 2-byte length and the UTF-8 key material), so only a few
-- hundred bytes per key cross the wire, whatever the bodies' size.
-- Keys of several slots are read here: fine on one Redis; on a cluster they are all keys of the node the script runs
-- on, which Redis allows a script without flags.
local page = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', tonumber(ARGV[3]))
local out = {page[1]}
for _, key in ipairs(page[2]) do
  local v = redis.call('HGET', key, 'v')
  local material = ''
  if v and string.len(v) >= 37 then
    local length = string.byte(v, 36) * 256 + string.byte(v, 37)
    material = string.sub(v, 38, 37 + length)
  end
  table.insert(out, key)
  table.insert(out, material)
  table.insert(out, tostring(redis.call('PTTL', key)))
end
return out
