#!/usr/bin/env bash
# Load test of `candor intake serve`: latency at a steady 1,000 submissions
# a second, then durable, sealed submissions per second and latency at
# saturation, at 64 concurrent clients, with wrk (apt-get install -y wrk).
#
#   benches/intake.sh              # two 20 s runs
#   DURATION=60s RATE=2000 benches/intake.sh
#
# The rate limit is turned off for the run; everything else is as in
# production: every submission is validated, sealed with age and committed
# (SQLite WAL, synchronous=FULL) before its 303 is sent.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/candor"
port="${PORT:-8791}"
work="$(mktemp -d)"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cp -r tests/fixtures/directory "$work/site"
"$bin" intake keygen --out "$work/key.txt" > "$work/public.txt" 2>/dev/null
printf '  recipients:\n    - %s\n' "$(cat "$work/public.txt")" >> "$work/site/candor.yaml"
# The database lives where a deployment keeps it: on disk, not in tmpfs.
db_dir="${DB_DIR:-benches/out}"
mkdir -p "$db_dir"
db="$db_dir/intake-bench.sqlite3"
rm -f "$db" "$db-wal" "$db-shm" "$db.signing-key"

"$bin" intake serve --root "$work/site" --db "$db" --bind "127.0.0.1:$port" \
  --rate-limit 0 --min-fill-seconds 0 2> "$work/server.log" &
pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/server.log" 2>/dev/null && break
  sleep 0.1
done

# First at a steady load (up to RATE submissions a second from 64 clients), for
# the latency people see; then as fast as the clients can go, for the
# throughput. Only the second run's submissions are counted below.
rate="${RATE:-1000}"
echo "== wrk: 2 threads, 64 connections, ${DURATION:-20s}, at most $rate submissions a second"
wrk -t2 -c64 -d"${DURATION:-20s}" --latency -s benches/intake.lua \
  "http://127.0.0.1:$port/api/intake" -- "$rate" 64
before="$("$bin" intake stats --db "$db" | awk '$2 == "stored" { n += $3 } END { print n + 0 }')"

echo "== wrk: 2 threads, 64 connections, ${DURATION:-20s}, as fast as they can"
wrk -t2 -c64 -d"${DURATION:-20s}" --latency -s benches/intake.lua \
  "http://127.0.0.1:$port/api/intake" | tee "$work/wrk.txt"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

all="$("$bin" intake stats --db "$db" | awk '$2 == "stored" { n += $3 } END { print n + 0 }')"
stored=$((all - before))
seconds="$(grep -Eo 'requests in [0-9.]+s' "$work/wrk.txt" | grep -Eo '[0-9.]+')"
echo "== stored (durable, sealed): $stored submissions"
awk -v n="$stored" -v s="$seconds" 'BEGIN { printf "== durable submissions per second: %.0f\n", n / s }'
requests="$(grep -Eo '^ *[0-9]+ requests in' "$work/wrk.txt" | grep -Eo '[0-9]+' | head -1)"
echo "== requests answered: $requests (stored counts every 303; the difference is requests cut off when wrk stopped)"
opened="$("$bin" intake export --db "$db" --identity "$work/key.txt" --format csv 2>/dev/null | tail -n +2 | wc -l)" || opened=0
echo "== opened with the practice's key: $opened of $all (both runs)"
rm -f "$db" "$db-wal" "$db-shm" "$db.signing-key"
