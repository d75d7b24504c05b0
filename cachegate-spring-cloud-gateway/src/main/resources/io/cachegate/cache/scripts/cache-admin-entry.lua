-- Admin API: one entry as stored, with its time left and memory footprint.
-- KEYS[1] entry key
-- Returns {} when absent (no payload), else {payload, stamp ('-1' when it has none), pttl in ms ('-1' when it never
-- expires), memory usage in bytes}.
local e = redis.call('HMGET', KEYS[1], 'v', 's')
if not e[1] then
  return {}
end
local memory = redis.call('MEMORY', 'USAGE', KEYS[1]) or 0
return {e[1], e[2] or '-1', tostring(redis.call('PTTL', KEYS[1])), tostring(memory)}
