-- Reads one failed-login counter and its remaining window in one round trip.
-- KEYS[1]: the counter
-- Returns {failures, milliseconds until it expires}, {0, 0} when there is none.
local failures = redis.call('GET', KEYS[1])
if not failures then
	return {0, 0}
end
return {tonumber(failures), redis.call('PTTL', KEYS[1])}
