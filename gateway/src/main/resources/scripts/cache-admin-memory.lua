-- Admin API statistics: Redis's used memory, and the summed MEMORY USAGE of a sample of entries (KEYS).
-- Returns {used_memory, sampled bytes, sampled keys that still existed}.
local info = redis.call('INFO', 'memory')
local used = string.match(info, 'used_memory:(%d+)') or '0'
local bytes = 0
local found = 0
for _, key in ipairs(KEYS) do
  local usage = redis.call('MEMORY', 'USAGE', key)
  if usage then
    bytes = bytes + usage
    found = found + 1
  end
end
return {used, tostring(bytes), tostring(found)}
