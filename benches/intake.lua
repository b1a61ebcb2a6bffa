-- wrk script for benches/intake.sh: every request is a complete, valid
-- intake form sent like a browser on the same site.
--
-- With arguments `-- RATE CONNECTIONS` each connection pauses after each
-- answer so that all of them together send at most RATE requests a second:
-- latency at a steady load rather than at saturation.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
wrk.body = "state=WA&seeking=couples&concerns=consent&concerns=intimacy" ..
  "&language=Spanish&note=evenings+are+best&name=Bench+Mark" ..
  "&contact_method=email&email=bench%40example.org&consent=yes&website="
-- wrk's own "Non-2xx or 3xx responses" line and the stored count that
-- benches/intake.sh prints tell whether every request was accepted.

local pause = 0
function init(args)
  local rate = tonumber(args[1])
  local connections = tonumber(args[2])
  if rate and connections and rate > 0 then
    pause = connections * 1000 / rate
  end
end

function delay()
  return pause
end
