-- Counts one failed login against one counter and starts its window on the first failure.
-- KEYS[1]: the counter, e.g. cachegate:auth:login-failures:username:alice
-- ARGV[1]: the window in milliseconds
-- Returns {failures, milliseconds until the counter expires}.
-- INCR and PEXPIRE run together here, so a counter can never be left without an expiry (which would lock
-- the account for good). A counter found without one (a crash of an older version, a manual SET) gets one.
local failures = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if failures == 1 or ttl < 0 then
	redis.call('PEXPIRE', KEYS[1], ARGV[1])
	ttl = tonumber(ARGV[1])
end
return {failures, ttl}
