-- wrk script: send one benchmark request and judge every answer (benchmarks/workloads.py
-- holds the same checks in Python). Configured by the environment:
--   BENCH_METHOD     GET or POST
--   BENCH_BODY_FILE  a file holding the request body (optional)
--   BENCH_HEADERS    "Name: value" lines
--   BENCH_CHECK      statuses | account | created | graphql
--   BENCH_PAGE       how many statuses a page must hold
--   BENCH_BELOW      (optional) every status id must sort below this one (W5's max_id)
-- done() prints one line "BENCH_JSON {...}" with the counts and latency percentiles (us).

local check = os.getenv("BENCH_CHECK") or "statuses"
local page = tonumber(os.getenv("BENCH_PAGE") or "20")
local below = os.getenv("BENCH_BELOW")
if below == "" then below = nil end

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body_file = os.getenv("BENCH_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  sample = ""
end

-- true when the ids (in answer order) are `page` of them, strictly newest first
local function newest_first(ids)
  if #ids ~= page then return false end
  for i = 2, #ids do
    if not (ids[i - 1] > ids[i]) then return false end
  end
  if below and #ids > 0 and not (ids[1] < below) then return false end
  return true
end

-- the string values that follow each plain-text `key` (e.g. '"uri":"') and whose text
-- matches `pattern`, in order. Plain finds, not one gmatch over the whole body: gmatch
-- runs interpreted and took ~1.3 ms per 50 KB page, more than the server being measured.
local function values_after(body, key, pattern)
  local found = {}
  local pos = 1
  while true do
    local _, last = body:find(key, pos, true)
    if not last then break end
    local close = body:find('"', last + 1, true)
    if not close then break end
    local value = body:sub(last + 1, close - 1):match(pattern)
    if value then found[#found + 1] = value end
    pos = close + 1
  end
  return found
end

local function judge(body)
  if check == "statuses" then
    return newest_first(values_after(body, '"uri":"', '/objects/([0-9A-Za-z]+)$'))
  elseif check == "graphql" then
    if body:find('"errors"', 1, true) then return false end
    return newest_first(values_after(body, '"node":{"restId":"', '^([0-9A-Za-z]+)$'))
  elseif check == "account" then
    return body:find('"username":"bench"', 1, true) ~= nil
  elseif check == "created" then
    return body:find('"visibility":"public"', 1, true) ~= nil
  end
  return false
end

function response(status, headers, body)
  if status ~= 200 or not judge(body) then
    bad = bad + 1
    if sample == "" then sample = tostring(status) .. " " .. body:sub(1, 160) end
  end
end

function done(summary, latency, requests)
  local wrong = 0
  local first_sample = ""
  for _, thread in ipairs(threads) do
    wrong = wrong + (thread:get("bad") or 0)
    local s = thread:get("sample") or ""
    if first_sample == "" then first_sample = s end
  end
  -- keep the sample JSON-safe: letters, digits and a little punctuation only
  first_sample = first_sample:gsub("%s", " "):gsub("[^%w %.:,{}%[%]_/=-]", "?")
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"wrong":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,"sample":"%s"}\n',
    summary.requests, summary.duration, e.status, wrong, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, first_sample))
end
