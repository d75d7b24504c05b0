-- Tag marks: what every cache script needs to know about the changes that touched a tag. This file is prepended
-- to cache-lookup.lua, cache-store.lua and cache-invalidate.lua (LuaScript joins them), so the rule has one text.
--
-- Every invalidation takes a new number from the route's sequence (INCR cg:{route}:seq). The mark of a tag,
-- cg:{route}:t:<tag>, is the string "u:s:v":
--   u  the sequence number of the tag's last change without a version (a delete, a list, an operator's
--      invalidation, a change that could not be ordered): it makes every representation stored before it stale;
--   s  the sequence number of the last change with a version since then (0: none), and
--   v  the highest such version: any representation of a lower version is stale; one of version v or higher
--      already shows that change (the echo of a write that wrote that representation through, say).
-- A mark written by an older gateway is a bare sequence number, read as u.
-- Versions are the numeric ETags of the representations (the service's row version); they order the changes
-- of one thing without any clock, whichever of a write's own invalidation and its change event comes first.

-- Returns u, s, v of a mark's value (nil when there is no mark).
local function parseMark(mark)
  if not mark then
    return nil
  end
  local u, s, v = string.match(mark, '^(%d+):(%d+):(%-?%d+)$')
  if u then
    return tonumber(u), tonumber(s), tonumber(v)
  end
  return tonumber(mark), 0, 0
end

-- Whether the changes recorded in the mark at `key` make a representation stored at sequence `since`, of
-- version `version` (nil: it has none), stale.
local function outdated(key, since, version)
  local u, s, v = parseMark(redis.call('GET', key))
  if not u then
    return false
  end
  if u > since then
    return true
  end
  if s == 0 then
    return false
  end
  if version then
    return version < v
  end
  return s > since
end

-- Whether an entry stamped `stamp`, of version `version`, is still alive: none of its tags (one per line), nor the
-- implicit tag '*' that every entry has (invalidating it drops the whole route), records a change it lacks.
local function alive(prefix, tags, stamp, version)
  for tag in string.gmatch((tags or '') .. '\n*', '[^\n]+') do
    if outdated(prefix .. tag, stamp, version) then
      return false
    end
  end
  return true
end

-- Records a change of a tag at sequence `seq`, of `version` (nil: without a version), keeping the mark for
-- `retention` ms (entries never live longer, so no entry outlives a mark that can kill it).
local function markChanged(key, seq, version, retention)
  local mark
  if version then
    local u, s, v = parseMark(redis.call('GET', key))
    if u and s > 0 and v > version then
      version = v
    end
    mark = string.format('%d:%d:%d', u or 0, seq, version)
  else
    mark = string.format('%d:0:0', seq)
  end
  redis.call('SET', key, mark, 'PX', retention)
end

