-- wrk script for bench.intake: POST varied reports (errata) or comments (isso), and count
-- every answer that is not 201.
-- Arguments (after --): the requests file (one "path<TAB>address<TAB>json body" per line), the
-- Origin, the first request to send (earlier runs sent those before it) and wrk's thread
-- count. Threads take every n-th request, so no request (and no proof of work) is sent
-- twice. Each connection is one client with one request in flight; done() prints JSON.

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  for line in io.lines(args[1]) do
    local path, address, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    prepared[#prepared + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/json",
      ["Origin"] = args[2],
      -- As the site's TLS-terminating proxy forwards it: the reader's address, and
      -- HTTPS (errata in production redirects plain HTTP).
      ["X-Forwarded-For"] = address,
      ["X-Forwarded-Proto"] = "https",
    }, body)
  end
  step = tonumber(args[4])
  position = tonumber(args[3]) + thread_number - step
  refused = 0
  first_refusal = ""
end

function request()
  position = position + step
  return prepared[position % #prepared + 1]
end

function response(status, headers, body)
  if status ~= 201 then
    refused = refused + 1
    if first_refusal == "" then
      first_refusal = status .. " " .. string.sub(body, 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local non201, example, last = 0, "", 0
  for _, thread in ipairs(threads) do
    non201 = non201 + thread:get("refused")
    last = math.max(last, thread:get("position"))
    if example == "" then example = thread:get("first_refusal") end
  end
  -- One line of JSON: control characters out, quotes escaped by %q.
  example = string.gsub(example, "%c", " ")
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "non201": %d, "socket_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "last": %d, "example": %q}\n',
    summary.requests, summary.duration, non201,
    errors.connect + errors.read + errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    last, example))
end
