-- Admin API statistics: Redis's used memory, and the summed MEMORY USAGE of a sample of entries (KEYS: one key per
-- call on a cluster, where a script's keys share a slot).
-- Returns {used_memory, sampled bytes, sampled keys that still existed, this server's run_id} (the run_id tells the
-- nodes of a cluster apart, so each one's memory is counted once).
local info = redis.call('INFO', 'memory')
local used = string.match(info, 'used_memory:(%d+)') or '0'
local runId = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') or ''
local bytes = 0
local found = 0
for _, key in ipairs(KEYS) do
  local usage = redis.call('MEMORY', 'USAGE', key)
  if usage then
    bytes = bytes + usage
    found = found + 1
  end
end
return {used, tostring(bytes), tostring(found), runId}
