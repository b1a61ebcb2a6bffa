#!/usr/bin/env bash
# Load test of `candor intake serve`: latency at a steady 1,000 submissions
# a second, then durable, sealed submissions per second and latency at
# saturation, at 64 concurrent clients, with wrk (apt-get install -y wrk).
# Three set-ups in one run, on the same machine:
#
#   sqlite    one receiver on a SQLite file
#   pg×1      one receiver on PostgreSQL
#   pg×2      two receivers on one PostgreSQL database, each sent half of
#             the clients (as a load balancer would)
#
#   benches/intake.sh                       # two 20 s runs per set-up
#   DURATION=60s RATE=2000 benches/intake.sh
#   STORES=sqlite benches/intake.sh         # only some set-ups
#
# PostgreSQL (apt-get install -y postgresql) runs as a throwaway server on
# 127.0.0.1, its data on disk beside the SQLite file, with its defaults
# (fsync on, synchronous_commit on). The rate limit is turned off for the
# run; everything else is as in production: every submission is validated,
# sealed with age and committed before its 303 is sent.
set -euo pipefail
cd "$(dirname "$0")/.."
# Set-up names hold "×": count characters, not bytes, when padding.
export LC_ALL=C.UTF-8

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/candor"
port="${PORT:-8791}"
stores="${STORES:-sqlite pg×1 pg×2}"
rate="${RATE:-1000}"
duration="${DURATION:-20s}"
work="$(mktemp -d)"
pids=()
pg_data=
as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)
stop_receivers() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_receivers
  if [ -n "$pg_data" ]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pg_data"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r tests/fixtures/directory "$work/site"
"$bin" intake keygen --out "$work/key.txt" > "$work/public.txt" 2>/dev/null
printf '  recipients:\n    - %s\n' "$(cat "$work/public.txt")" >> "$work/site/candor.yaml"
# The databases live where a deployment keeps them: on disk, not in tmpfs.
db_dir="$(realpath -m "${DB_DIR:-benches/out}")"
mkdir -p "$db_dir"

# A PostgreSQL server of its own, when a set-up needs one.
pg_url=
start_postgres() {
  local initdb
  initdb="$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)"
  [ -n "$initdb" ] && command -v psql >/dev/null ||
    { echo "PostgreSQL is missing: apt-get install -y postgresql (or STORES=sqlite)" >&2; exit 1; }
  pg_bin="$(dirname "$initdb")"
  pg_data="$db_dir/intake-bench-postgres"
  rm -rf "$pg_data"
  mkdir -p "$pg_data"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$pg_data"
    runuser -u postgres -- test -w "$pg_data" ||
      { echo "the postgres user cannot reach $pg_data: set DB_DIR to a folder it can enter" >&2; exit 1; }
  fi
  "${as_postgres[@]}" "$pg_bin/initdb" -A trust -U candor -E UTF8 --locale=C -D "$pg_data" >/dev/null
  local pg_port=$((port + 10))
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -w -D "$pg_data" -l "$pg_data/server.log" \
    -o "-h 127.0.0.1 -p $pg_port -k $pg_data" start >/dev/null
  pg_url="postgres://candor@127.0.0.1:$pg_port"
}

# Starts $1 receivers on database $2, on ports port, port+1, …
start_receivers() {
  local n="$1" db="$2"
  for i in $(seq 0 $((n - 1))); do
    "$bin" intake serve --root "$work/site" --db "$db" --bind "127.0.0.1:$((port + i))" \
      --rate-limit 0 --min-fill-seconds 0 2> "$work/server$i.log" &
    pids+=($!)
  done
  for i in $(seq 0 $((n - 1))); do
    for _ in $(seq 300); do
      grep -q "listening on" "$work/server$i.log" 2>/dev/null && break
      sleep 0.1
    done
    grep -q "listening on" "$work/server$i.log" || { cat "$work/server$i.log" >&2; exit 1; }
  done
}

# Runs wrk against each of $1 receivers at once, 64 connections split
# between them; $2 is the total rate (0: as fast as they can). Prints each
# wrk's output to $3.N.
load() {
  local n="$1" total_rate="$2" out="$3" wrk_pids=()
  for i in $(seq 0 $((n - 1))); do
    local args=()
    [ "$total_rate" -gt 0 ] && args=(-- $((total_rate / n)) $((64 / n)))
    wrk -t$((2 / n > 0 ? 2 / n : 1)) -c$((64 / n)) -d"$duration" --latency -s benches/intake.lua \
      "http://127.0.0.1:$((port + i))/api/intake" "${args[@]}" > "$out.$i" &
    wrk_pids+=($!)
  done
  for p in "${wrk_pids[@]}"; do wait "$p"; done
}

stored() { "$bin" intake stats --db "$1" | awk '$2 == "stored" { n += $3 } END { print n + 0 }'; }
# The slowest receiver's p99, and the receivers' requests a second added up.
p99() { cat "$1".* | awk '$1 == "99%" { v = $2; ms = v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000; if (ms > max) max = ms } END { printf "%.2f", max }'; }
per_second() { cat "$1".* | awk '/^Requests\/sec/ { n += $2 } END { printf "%.0f", n }'; }
seconds() { grep -Eho 'requests in [0-9.]+s' "$1".0 | grep -Eo '[0-9.]+'; }

table=()
for setup in $stores; do
  case "$setup" in
    sqlite)
      db="$db_dir/intake-bench.sqlite3"
      rm -f "$db" "$db-wal" "$db-shm" "$db.signing-key"
      n=1 ;;
    pg×1 | pg×2)
      [ -n "$pg_url" ] || start_postgres
      name="bench_$(echo "$setup" | tr -dc '0-9')"
      PGOPTIONS="-c client_min_messages=warning" psql -q -h 127.0.0.1 -p "${pg_url##*:}" -U candor -d postgres \
        -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
      db="$pg_url/$name"
      n="${setup#pg×}" ;;
    *) echo "unknown set-up $setup: choose among sqlite pg×1 pg×2" >&2; exit 1 ;;
  esac
  start_receivers "$n" "$db"
  echo "== $setup: $n receiver(s), 64 connections, $duration, at most $rate submissions a second"
  load "$n" "$rate" "$work/steady"
  cat "$work/steady".* | grep -E '^ +(50|90|99)%|^Requests/sec'
  steady_p99="$(p99 "$work/steady")"
  before="$(stored "$db")"
  echo "== $setup: $n receiver(s), 64 connections, $duration, as fast as they can"
  load "$n" 0 "$work/full"
  cat "$work/full".* | grep -E '^ +(50|90|99)%|^Requests/sec|Non-2xx'
  stop_receivers
  all="$(stored "$db")"
  durable="$(awk -v n="$((all - before))" -v s="$(seconds "$work/full")" 'BEGIN { printf "%.0f", n / s }')"
  opened="$("$bin" intake export --db "$db" --identity "$work/key.txt" --format csv 2>/dev/null | tail -n +2 | wc -l)" || opened=0
  echo "== $setup: $((all - before)) stored at saturation, $durable durable a second; opened with the practice's key: $opened of $all"
  # Padded by characters, not bytes: "×" is two bytes.
  table+=("$(printf '%s%*s | %10s | %16s | %18s | %13s' "$setup" $((8 - ${#setup})) "" "$steady_p99" "$(per_second "$work/full")" "$durable" "$(p99 "$work/full")")")
  [ "$setup" = sqlite ] && rm -f "$db" "$db-wal" "$db-shm" "$db.signing-key"
done

echo
echo "== summary ($rate/s steady, then saturation; 64 connections; $(nproc) cores)"
printf '%-8s | %10s | %16s | %18s | %13s\n' "store" "p99 steady" "answered/s full" "durable stored/s" "p99 full (ms)"
printf '%s\n' "${table[@]}"
