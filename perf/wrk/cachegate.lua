-- Shared helpers for Cachegate's wrk scripts: loading the key file, the Authorization header, and the report
-- that every script prints in done(). Scripts load it with
--   package.path = (os.getenv("CACHEGATE_WRK_DIR") or "perf/wrk") .. "/?.lua;" .. package.path
--   local cg = require("cachegate")
local M = {}

-- Reads the generator's key file (one id a line, in request order). Never a handful of keys: refuse fewer
-- than 1000, so a benchmark cannot quietly measure a single hot entry.
function M.load_keys(path)
  local keys = {}
  local file = io.open(path, "r")
  if not file then
    error("no key file at " .. path .. " (make one: perf/datagen --schema perf/schemas/users.toml --target keys ...)")
  end
  for line in file:lines() do
    if line ~= "" then keys[#keys + 1] = line end
  end
  file:close()
  if #keys < 1000 then
    error("key file " .. path .. " has " .. #keys .. " keys; a benchmark needs at least 1000")
  end
  return keys
end

-- The Authorization header from AUTH (the whole value: "Bearer <jwt>" or "Basic <base64>"), or nil.
function M.auth_headers()
  local auth = os.getenv("AUTH")
  local headers = {}
  if auth and auth ~= "" then headers["Authorization"] = auth end
  return headers
end

-- Each thread starts at another place in the key file, so threads do not walk in lockstep.
function M.thread_offset(thread_number, thread_count, key_count)
  return math.floor((thread_number - 1) * key_count / math.max(thread_count, 1))
end

-- The report: one line of JSON the harness parses, and a readable block. Latency is in microseconds.
function M.report(summary, latency, extra)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local line = string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,'
      .. '"non2xx":%d,"socket_errors":%d%s}',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    non2xx, socket_errors, extra or "")
  io.write(string.format("\nrequests/s %.0f  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  non-2xx/3xx %d  socket errors %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, non2xx, socket_errors))
  io.write("CACHEGATE_RESULT " .. line .. "\n")
end

return M
