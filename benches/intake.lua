-- wrk script for benches/intake.sh: every request is a complete, valid
-- intake form sent like a browser on the same site.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
wrk.body = "state=WA&seeking=couples&concerns=consent&concerns=intimacy" ..
  "&language=Spanish&note=evenings+are+best&name=Bench+Mark" ..
  "&contact_method=email&email=bench%40example.org&consent=yes&website="

local other = 0
function response(status, headers, body)
  if status ~= 303 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-303 responses: %d (counted per wrk thread; see stored count below)\n", other))
end
