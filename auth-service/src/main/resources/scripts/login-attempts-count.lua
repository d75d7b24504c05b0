-- Counts one login attempt against one counter, before its password is checked, and starts the window on the
-- first attempt. KEYS[1]: the counter, e.g. cachegate:auth:login-failures:username:alice
-- ARGV[1]: the window in milliseconds
-- Returns {attempts, milliseconds until the counter expires}.
-- INCR and PEXPIRE run together here, so a counter can never be left without an expiry (which would lock
-- the account for good). A counter found without one (a crash of an older version, a manual SET) gets one.
local attempts = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if attempts == 1 or ttl < 0 then
	redis.call('PEXPIRE', KEYS[1], ARGV[1])
	ttl = tonumber(ARGV[1])
end
return {attempts, ttl}
