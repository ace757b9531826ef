-- wrk script of scripts/bench-wrk.sh: every request carries one of a case's sessions (its cookie file, one
-- "name=value; ..." line per session, the first argument after --), in turn, each thread starting at another
-- session, so that the requests in flight at once are on different sessions, as a site's many users are. On one
-- session, eight requests at a time contend for the session's lock in the reference host's container (Jetty
-- locks a session for each getAttribute; docs/benchmarks.md, c-noise), which a plugin that reads the session
-- pays more for than the request's own work.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  cookies = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      cookies[#cookies + 1] = line
    end
  end
  if #cookies == 0 then
    error("no cookies in " .. args[1])
  end
  turn = (id or 0) * math.floor(#cookies / 2)
end

function request()
  turn = turn + 1
  wrk.headers["Cookie"] = cookies[(turn % #cookies) + 1]
  return wrk.format()
end
