-- A successful write: invalidate its tags and, when it carried the new representation, write that through.
-- KEYS[1] route sequence key   KEYS[2] write-through entry key (any key of the route when none)
-- ARGV[1] tag key prefix   ARGV[2] tag retention (ms)   ARGV[3] tags to invalidate, one per line
-- ARGV[4] snapshot: the route sequence read before the write went to the origin ('' = no write-through)
-- ARGV[5] entry TTL (ms)   ARGV[6] entry tags   ARGV[7] payload   ARGV[8] version ('' none)
-- Returns {seq, outcome}: outcome 'invalidated', 'stored', 'kept' (a newer live representation was kept) or
-- 'conflict' (another invalidation of these tags happened during this write: the order of the two writes in the
-- database is unknown, so nothing is written through and the next read goes to the origin).
-- Every entry also has the implicit tag '*' (checked with its own tags, never stored): invalidating '*' drops the
-- whole route at once (the change stream does, when it cannot name what changed).
local prefix = ARGV[1]
local storing = ARGV[4] ~= ''
local outcome = 'invalidated'
local keepExisting = false
if storing then
  local snapshot = tonumber(ARGV[4])
  for tag in string.gmatch(ARGV[3] .. '\n' .. ARGV[6] .. '\n*', '[^\n]+') do
    local mark = redis.call('GET', prefix .. tag)
    if mark and tonumber(mark) > snapshot then
      storing = false
      outcome = 'conflict'
      break
    end
  end
end
if storing and ARGV[8] ~= '' then
  local e = redis.call('HMGET', KEYS[2], 's', 't', 'n')
  if e[3] and e[3] ~= '' and tonumber(e[3]) > tonumber(ARGV[8]) then
    local stamp = tonumber(e[1]) or -1
    keepExisting = true
    for tag in string.gmatch((e[2] or '') .. '\n*', '[^\n]+') do
      local mark = redis.call('GET', prefix .. tag)
      if mark and tonumber(mark) > stamp then
        keepExisting = false
        break
      end
    end
  end
end
local seq = redis.call('INCR', KEYS[1])
for tag in string.gmatch(ARGV[3], '[^\n]+') do
  redis.call('SET', prefix .. tag, seq, 'PX', ARGV[2])
end
if storing then
  if keepExisting then
    -- The live entry is newer than this write's representation: it stays, valid after this invalidation.
    redis.call('HSET', KEYS[2], 's', seq)
    outcome = 'kept'
  else
    redis.call('DEL', KEYS[2])
    redis.call('HSET', KEYS[2], 's', seq, 't', ARGV[6], 'v', ARGV[7], 'n', ARGV[8])
    redis.call('PEXPIRE', KEYS[2], ARGV[5])
    outcome = 'stored'
  end
end
return {tostring(seq), outcome}
