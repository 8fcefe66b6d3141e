-- One request, repeated, with every answer checked: a benchmark of error pages is worthless.
-- Configured by the runner through the environment:
--   BENCH_METHOD, BENCH_PATH, BENCH_BODY     the request (the body is form-encoded)
--   BENCH_HEADERS                            header lines "Name: value", separated by "\n"
--   BENCH_STATUS                             the status every answer must have
--   BENCH_EXPECT                             text every answer body must contain (plain match; each of its
--                                            lines, when it has several)
-- done() prints one line, "RESULT requests bytes bad p50_us p99_us wrk_errors", then the first bad answer if any.

local expect_status = tonumber(os.getenv("BENCH_STATUS"))
local expected = {}
for line in string.gmatch(os.getenv("BENCH_EXPECT"), "[^\n]+") do
  table.insert(expected, line)
end
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  first_bad = ""
  local headers = {}
  for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  local body = os.getenv("BENCH_BODY")
  if body == "" then body = nil end
  if body then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  prepared = wrk.format(os.getenv("BENCH_METHOD"), os.getenv("BENCH_PATH"), headers, body)
end

function request()
  return prepared
end

local function as_expected(status, body)
  if status ~= expect_status or body == nil then return false end
  for _, line in ipairs(expected) do
    if not string.find(body, line, 1, true) then return false end
  end
  return true
end

function response(status, headers, body)
  if not as_expected(status, body) then
    bad = bad + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  local sample = ""
  for _, thread in ipairs(threads) do
    total_bad = total_bad + thread:get("bad")
    if sample == "" then sample = thread:get("first_bad") end
  end
  local e = summary.errors
  local wrk_errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.bytes, total_bad,
    latency:percentile(50), latency:percentile(99), wrk_errors))
  if sample ~= "" then
    io.write("FIRST_BAD " .. string.gsub(sample, "\n", " ") .. "\n")
  end
end
