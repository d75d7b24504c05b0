-- Purpose: read users by id (GET /users/{id}) with ids from the data generator's key file, in the file's order
-- (Zipf or uniform, as the file was drawn), with a Bearer or Basic Authorization header. Works against the
-- gateway (cached or not), user-service directly, or nginx in front of it.
-- Command (from the repository root):
--   WRK_THREADS=2 AUTH="Bearer $TOKEN" KEYS_FILE=perf/out/keys-zipf.txt \
--     wrk -t2 -c64 -d30s --latency -s perf/wrk/read-by-id.lua http://127.0.0.1:8888
-- Basic variant: AUTH="Basic $(printf 'admin:secret' | base64)" (the gateway exchanges and caches it).
package.path = (os.getenv("CACHEGATE_WRK_DIR") or "perf/wrk") .. "/?.lua;" .. package.path
local cg = require("cachegate")

local keys = cg.load_keys(os.getenv("KEYS_FILE") or "perf/out/keys-zipf.txt")
local headers = cg.auth_headers()
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  threads[#threads + 1] = thread
end

local position
function init(args)
  position = cg.thread_offset(thread_number or 1, tonumber(os.getenv("WRK_THREADS") or "2"), #keys)
end

function request()
  position = position % #keys + 1
  return wrk.format("GET", "/users/" .. keys[position], headers)
end

function done(summary, latency, requests)
  cg.report(summary, latency)
end
