-- wrk script: each request is a ballot from a different verified voter (a credential from TOKENS).
local threads, counter = {}, 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  tokens, created, other, i = {}, 0, 0, 0
  local n, k = tonumber(os.getenv("THREADS")), id
  local index = 0
  for line in io.lines(os.getenv("TOKENS")) do
    index = index + 1
    if index % n == k - 1 then tokens[#tokens + 1] = line end
  end
  wrk.method = "POST"
  wrk.body = '{"candidate": "dias-nurlanuly"}'
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  i = i + 1
  return wrk.format(nil, os.getenv("TARGET_PATH"),
    {["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json"})
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else
    other = other + 1
    if other == 1 then io.stderr:write("first non-201: " .. status .. " " .. body:sub(1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    o = o + thread:get("other")
  end
  io.write(string.format("RESULT requests=%d created=%d other=%d p50_ms=%.2f p99_ms=%.2f seconds=%.3f errors=%d\n",
    summary.requests, c, o, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.duration / 1e6, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
