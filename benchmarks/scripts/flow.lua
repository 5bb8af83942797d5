-- wrk script for the end-to-end benchmark: every connection runs the demo's flow in a loop,
--   POST /login (user=...) -> 303 + Set-Cookie   GET /me -> 200   POST /logout -> 303
-- carrying the session cookie from the login response. Run with as many threads as connections
-- (-t N -c N): wrk keeps one Lua state per thread, so one connection per thread keeps each
-- flow's cookie and step its own. done() prints one JSON line (prefixed "E2E ") with throughput,
-- latency percentiles and the count of responses that broke the flow (must be 0).
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local step = 0
local cookie = nil
flows = 0
bad = 0
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function init(args)
  form_body = "user=bench" .. tostring(id)
end

function request()
  if step == 0 then
    return wrk.format("POST", "/login", form, form_body)
  elseif step == 1 then
    return wrk.format("GET", "/me", { ["Cookie"] = cookie })
  else
    return wrk.format("POST", "/logout",
      { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, "")
  end
end

function response(status, headers, body)
  if step == 0 then
    local set = nil
    for k, v in pairs(headers) do
      if string.lower(k) == "set-cookie" then
        set = v
      end
    end
    if status == 303 and set ~= nil then
      cookie = string.match(set, "^([^;]+)")
      step = 1
    else
      bad = bad + 1
    end
  elseif step == 1 then
    if status ~= 200 then
      bad = bad + 1
    end
    step = 2
  else
    if status ~= 303 then
      bad = bad + 1
    end
    flows = flows + 1
    step = 0
  end
end

function done(summary, latency, requests)
  local f, b = 0, 0
  for _, t in ipairs(threads) do
    f = f + (t:get("flows") or 0)
    b = b + (t:get("bad") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'E2E {"requests":%d,"seconds":%.3f,"rps":%.1f,"flows":%d,"bad":%d,"socket_errors":%d,'
      .. '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, seconds, summary.requests / seconds, f, b,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
