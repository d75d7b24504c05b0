-- The lease that lets one gateway instance of a cluster fetch a cold key while the others wait for its entry.
-- KEYS[1] cg:{route}:lock:<hash>   ARGV[1] 'acquire' or 'release'   ARGV[2] this holder's token
-- ARGV[3] lease time (ms, acquire only)   ARGV[4] this instance's token prefix, or '' (acquire only)
-- acquire: SET NX PX; returns 1 (acquired) or 0 (someone else holds it). A lease held by a token of this same
-- instance is taken over when ARGV[4] names it (request flights): an instance's flight asks only when it has no
-- flight of its own for the key, so such a lease is left over from a flight whose release (or whose acquisition's
-- reply) was lost to a timeout, and waiting for it to expire would hold this instance's requests for that key for
-- the whole lease time.
-- release: deletes the lease only if it is still this holder's (it may have expired and been taken since);
-- returns 1 (released) or 0 (gone). Holders release whether or not they stored an entry, so waiters that find no
-- entry and no lease go to the origin themselves at once: an uncacheable answer never serializes anyone.
if ARGV[1] == 'acquire' then
  if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
    return 1
  end
  local holder = redis.call('GET', KEYS[1])
  if holder and ARGV[4] ~= '' and string.sub(holder, 1, string.len(ARGV[4])) == ARGV[4] then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
    return 1
  end
  return 0
end
if redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
