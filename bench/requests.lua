-- wrk script used for every target (bare app, every page, the answer POSTs), so all runs pay the same Lua cost.
-- Args: a file of requests, one a line: thread-number TAB method TAB path TAB cookie TAB body.
-- Thread n sends its own lines in order and wraps around at the end, each with a browser's
-- Accept-Encoding (so a server that compresses pays for it here too); status codes are counted;
-- one JSON line is printed at the end for bench/run.py.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function split(line)
  local out, start = {}, 1
  while true do
    local i = string.find(line, "\t", start, true)
    if not i then
      table.insert(out, string.sub(line, start))
      return out
    end
    table.insert(out, string.sub(line, start, i - 1))
    start = i + 1
  end
end

function init(args)
  reqs, idx, codes = {}, 0, {}
  for line in io.lines(args[1]) do
    local f = split(line)
    if tonumber(f[1]) == tid then
      local headers = {["Accept-Encoding"] = "gzip, deflate, br"}  -- as a browser sends it
      if f[4] ~= "" then headers["Cookie"] = f[4] end
      if f[5] ~= "" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
      table.insert(reqs, wrk.format(f[2], f[3], headers, f[5] ~= "" and f[5] or nil))
    end
  end
  if #reqs == 0 then error("no requests for thread " .. tid) end
  wrapped = 0
end

function request()
  idx = idx + 1
  if idx > #reqs then idx, wrapped = 1, wrapped + 1 end
  return reqs[idx]
end

function response(status, headers, body)
  local k = tostring(status)
  codes[k] = (codes[k] or 0) + 1
end

function done(summary, latency, requests)
  local total, wraps = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("codes")) do total[k] = (total[k] or 0) + v end
    wraps = wraps + t:get("wrapped")
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"wrapped": %d, "codes": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, wraps,
    table.concat(parts, ", ")))
end
