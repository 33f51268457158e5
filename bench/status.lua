-- wrk script for scenario 4: GET /repos/{id}/status, rotating over the registered repos.
-- REPOS (count) and REPO_PREFIX come from the environment; ids are REPO_PREFIX000, REPO_PREFIX001, ...
-- PATH_SUFFIX (default /status) picks what is asked of each repo; an empty one asks for the registration,
-- which S4 uses as the framework floor: the same HTTP, security and JSON path without a database.
-- Each wrk thread starts at a different offset so the threads do not hit the same repo in lockstep.

local count = tonumber(os.getenv("REPOS") or "100")
local prefix = os.getenv("REPO_PREFIX") or "s4_"
local suffix = os.getenv("PATH_SUFFIX") or "/status"
local threads = 0
local next_id = 0

function setup(thread)
  thread:set("offset", threads * 37)
  threads = threads + 1
end

function init(args)
  next_id = offset or 0
end

function request()
  next_id = (next_id + 1) % count
  return wrk.format("GET", string.format("/repos/%s%03d%s", prefix, next_id, suffix))
end

-- One machine-readable line for run.sh: requests, seconds, req/s, p50 ms, p99 ms, non-2xx, socket errors.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.1f %.3f %.3f %d %d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
