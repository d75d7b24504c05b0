-- Is this change event the echo of a write the gateway already invalidated and wrote through? (issue 8)
-- KEYS[1] the echo key cg:{route}:echo:<version>:<tags>, set to 'pending' by the write after its invalidation
-- ARGV[1] the event's stream id
-- The first event that matches claims the key (its stream id replaces 'pending'), so every instance that reads the
-- same event gets the same answer, and a later event with the same tags and version (a plain SQL update that did not
-- bump the version) is not taken for the echo. Returns 1 for an echo, else 0.
local v = redis.call('GET', KEYS[1])
if not v then
  return 0
end
if v == 'pending' then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
  return 1
end
if v == ARGV[1] then
  return 1
end
return 0
