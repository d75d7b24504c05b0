-- The lease that lets one gateway instance of a cluster fetch a cold key while the others wait for its entry.
-- KEYS[1] cg:{route}:lock:<hash>   ARGV[1] 'acquire' or 'release'   ARGV[2] this holder's token
-- ARGV[3] lease time (ms, acquire only)
-- acquire: SET NX PX; returns 1 (acquired) or 0 (someone else holds it).
-- release: deletes the lease only if it is still this holder's (it may have expired and been taken since);
-- returns 1 (released) or 0 (gone). Holders release whether or not they stored an entry, so waiters that find no
-- entry and no lease go to the origin themselves at once: an uncacheable answer never serializes anyone.
if ARGV[1] == 'acquire' then
  if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
    return 1
  end
  return 0
end
if redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
