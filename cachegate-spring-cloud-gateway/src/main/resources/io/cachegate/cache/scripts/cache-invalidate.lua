-- An invalidation (a successful write, a change event, an operator): record the change in its tags' marks and,
-- for a write that carried the new representation, write that through (tag-marks.lua, prepended, holds the rule).
-- KEYS[1] the bucket's sequence key   KEYS[2] write-through entry key (any key of the bucket when none)
-- ARGV[1] tag key prefix   ARGV[2] tag retention (ms)   ARGV[3] tags to invalidate, one per line
-- ARGV[4] the version of the change for each of those tags, one per line in the same order ('-': none)
-- ARGV[5] snapshot: the route sequence read before the write went to the origin ('' = no write-through)
-- ARGV[6] entry TTL (ms)   ARGV[7] entry tags   ARGV[8] payload   ARGV[9] entry version ('' none)
-- Returns {seq, outcome}: outcome 'invalidated', 'stored', 'kept' (a newer live representation was kept) or
-- 'conflict' (a change the representation does not show touched its tags during this write: a change without a
-- version, whose order against this write is unknown, or a higher version; nothing is written through and the
-- next read goes to the origin; also when the snapshot is above the sequence now: the sequence went back in a
-- failover). The change event of this very write (same version) is no conflict, whether it
-- came before this script or comes after it.
local prefix = ARGV[1]
local storing = ARGV[5] ~= ''
local version = tonumber(ARGV[9])
local outcome = 'invalidated'
local keepExisting = false
if storing and (tonumber(ARGV[5]) > tonumber(redis.call('GET', KEYS[1]) or '0')
    or not alive(prefix, ARGV[7], tonumber(ARGV[5]), version)) then
  storing = false
  outcome = 'conflict'
end
if storing and version then
  local e = redis.call('HMGET', KEYS[2], 's', 't', 'n')
  local existing = tonumber(e[3])
  keepExisting = existing ~= nil and existing > version and alive(prefix, e[2], tonumber(e[1]) or -1, existing)
end
local seq = redis.call('INCR', KEYS[1])
local versions = {}
for changed in string.gmatch(ARGV[4], '[^\n]+') do
  table.insert(versions, changed)
end
local i = 0
for tag in string.gmatch(ARGV[3], '[^\n]+') do
  i = i + 1
  markChanged(prefix .. tag, seq, tonumber(versions[i] or '-'), ARGV[2])
end
if storing then
  if keepExisting then
    -- The live entry is newer than this write's representation and shows this change: it stays.
    outcome = 'kept'
  else
    redis.call('DEL', KEYS[2])
    redis.call('HSET', KEYS[2], 's', seq, 't', ARGV[7], 'v', ARGV[8], 'n', ARGV[9])
    redis.call('PEXPIRE', KEYS[2], ARGV[6])
    outcome = 'stored'
  end
end
return {tostring(seq), outcome}
