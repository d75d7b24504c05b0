-- Purpose: a mixed workload through the gateway, by default 95% GET /users/{id} and 5% PUT /users/{id}, that
-- also checks read-your-writes: every thread writes only its own ids, one write per id at a time, remembers the
-- last value the service acknowledged for each, and counts any later read that shows an older value ("stale
-- reads": must be 0). One write per id at a time matters: two overlapping PUTs of one id may commit in either
-- order, so the higher-numbered acknowledgement need not be the value the database keeps.
-- Needs a MANAGER or ADMIN token (PUT) and ids that exist. Writes set city to "w<thread>-<n>" and the name
-- fields to bench values, so run it on benchmark data only.
-- Command (from the repository root):
--   WRK_THREADS=2 AUTH="Bearer $TOKEN" KEYS_FILE=perf/out/keys-zipf.txt WRITE_PERCENT=5 \
--     wrk -t2 -c32 -d30s --latency -s perf/wrk/mixed-read-write.lua http://127.0.0.1:8888
package.path = (os.getenv("CACHEGATE_WRK_DIR") or "perf/wrk") .. "/?.lua;" .. package.path
local cg = require("cachegate")

local keys = cg.load_keys(os.getenv("KEYS_FILE") or "perf/out/keys-zipf.txt")
local write_percent = tonumber(os.getenv("WRITE_PERCENT") or "5")
local base_headers = cg.auth_headers()
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  thread:set("thread_count_hint", tonumber(os.getenv("WRK_THREADS") or "2"))
  threads[#threads + 1] = thread
end

-- DELAY_MS: a pause before each request of a connection, to hold the load below the maximum (perf/bench --soak)
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

local position, counter, sequence, acknowledged, in_flight, writing
stale_reads = 0
writes_acknowledged = 0
checked_reads = 0
unmatched = 0

function init(args)
  position = cg.thread_offset(thread_number, thread_count_hint, #keys)
  counter, sequence = 0, 0
  acknowledged = {}
  -- Responses come back on many connections in any order; the gateway echoes X-Request-Id, which ties each
  -- response to what was sent and to what this thread knew when it sent it.
  in_flight = {}
  -- ids with a PUT on its way: no second PUT of the same id until the first is answered
  writing = {}
  math.randomseed(1000 + thread_number)
end

-- A thread writes only ids it owns, so its record of the last acknowledged value is the truth.
local function owns(id)
  return tonumber(id) % thread_count_hint == (thread_number - 1)
end

local function put_body(id, city)
  return string.format(
    '{"username":"bench%s","email":"bench%s@bench.example","firstName":"Bench","lastName":"User%s",'
      .. '"birthDate":"1990-01-01","city":"%s"}', id, id, id, city)
end

local function headers_with(request_id, json)
  local headers = { ["X-Request-Id"] = request_id }
  if json then headers["Content-Type"] = "application/json" end
  for k, v in pairs(base_headers) do headers[k] = v end
  return headers
end

function request()
  position = position % #keys + 1
  local id = keys[position]
  sequence = sequence + 1
  local request_id = "bench-" .. thread_number .. "-" .. sequence
  if owns(id) and not writing[id] and math.random(100) <= write_percent then
    counter = counter + 1
    writing[id] = true
    in_flight[request_id] = { kind = "put", id = id, write = counter }
    return wrk.format("PUT", "/users/" .. id, headers_with(request_id, true),
      put_body(id, "w" .. thread_number .. "-" .. counter))
  end
  -- The newest write of this id acknowledged before this read was sent: the read must show it or a newer one.
  in_flight[request_id] = { kind = "get", id = id, must_see = acknowledged[id] }
  return wrk.format("GET", "/users/" .. id, headers_with(request_id, false))
end

function response(status, headers, body)
  local request_id = headers["X-Request-Id"] or headers["x-request-id"]
  local sent = request_id and in_flight[request_id]
  if not sent then
    unmatched = unmatched + 1
    return
  end
  in_flight[request_id] = nil
  if sent.kind == "put" then
    writing[sent.id] = nil
    if status >= 200 and status < 300 and (acknowledged[sent.id] or 0) < sent.write then
      acknowledged[sent.id] = sent.write
      writes_acknowledged = writes_acknowledged + 1
    end
  elseif status == 200 and sent.must_see then
    checked_reads = checked_reads + 1
    local seen = tonumber(string.match(body, '"city":"w' .. thread_number .. '%-(%d+)"') or "0")
    if seen < sent.must_see then
      stale_reads = stale_reads + 1
    end
  end
end

function done(summary, latency, requests)
  local stale, writes, checked, lost = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    stale = stale + thread:get("stale_reads")
    writes = writes + thread:get("writes_acknowledged")
    checked = checked + thread:get("checked_reads")
    lost = lost + thread:get("unmatched")
  end
  cg.report(summary, latency, string.format(',"writes":%d,"checked_reads":%d,"stale_reads":%d,"unmatched":%d',
    writes, checked, stale, lost))
  io.write(string.format("writes acknowledged %d, reads checked against them %d, stale reads %d, unmatched %d\n",
    writes, checked, stale, lost))
end
