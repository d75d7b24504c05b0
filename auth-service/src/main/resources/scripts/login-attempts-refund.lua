-- Takes back one counted attempt (a login that succeeded), never below zero and never creating a counter.
-- KEYS[1]: the counter
-- Returns the counter's new value, 0 when there is none.
local attempts = tonumber(redis.call('GET', KEYS[1]))
if not attempts or attempts <= 0 then
	return 0
end
return redis.call('DECR', KEYS[1])
