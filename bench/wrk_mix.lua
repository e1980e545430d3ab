-- Replays a request file written by bench/run.py --mix, one request a line:
--   METHOD <tab> PATH <tab> BODY <tab> Header: value <tab> Header: value ...
-- "{n}" in a body becomes a number no other request of the run uses (a reply's words must differ).
-- Arguments after "--": the file, a tag for this run, and the number of wrk threads.
-- Prints the figures bench/common.py reads, as wrk_report.lua does.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local index = 1
local sent = 0

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  tag = args[2]
  for line in io.lines(args[1]) do
    local fields = split(line)
    local headers = {}
    for i = 4, #fields do
      local name, value = fields[i]:match("^([^:]+): (.*)$")
      headers[name] = value
    end
    local body = fields[3] ~= "" and fields[3] or nil
    local r = { method = fields[1], path = fields[2], headers = headers, body = body }
    if body == nil or not body:find("{n}", 1, true) then
      r.formatted = wrk.format(r.method, r.path, r.headers, r.body)
    end
    table.insert(requests, r)
  end
  -- Each thread starts at its own place in the file, so that the threads do not send the same requests.
  index = 1 + math.floor((id - 1) * #requests / tonumber(args[3])) % #requests
end

function request()
  local r = requests[index]
  index = index % #requests + 1
  sent = sent + 1
  if r.formatted then
    return r.formatted
  end
  local unique = tag .. "-" .. id .. "-" .. sent
  return wrk.format(r.method, r.path, r.headers, (r.body:gsub("{n}", unique)))
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50=%d p95=%d p99=%d\n",
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
