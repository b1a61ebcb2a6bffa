#!/usr/bin/env bash
# Search benchmark: on a generated corpus of N articles (default 10000),
# what the search index adds to `candor build` (wall time, index size) and
# what a reader's searches download (bytes, gzip, as stored), beside what
# Pagefind downloads for the same searches on the same built site.
#
# Usage: benches/search.sh [N]
#
# Environment knobs (all optional):
#   RUNS=5            measured builds per variant, after one warm-up each;
#                     the best wall time of each variant is compared
#   CANDOR=path       candor binary to time; skips `cargo build --release`
#   PYTHON=python3    interpreter for gen_corpus.py
#   NODE=node         Node.js (20 or later) for benches/search_bytes.mjs
#   SEED=42           corpus seed
#   KEEP=1            keep the temporary corpus and outputs, print where
#   BENCH_STRICT=1    exit 1 when a target is missed
#   NO_PAGEFIND=1     skip measuring Pagefind on the same site (it needs npm,
#                     the npm registry and tests/browser/node_modules)
#
# See benches/README.md for what is measured and the targets.
set -euo pipefail

cd "$(dirname "$0")/.."

N=${1:-10000}
RUNS=${RUNS:-5}
PYTHON=${PYTHON:-python3}
NODE=${NODE:-node}
SEED=${SEED:-42}
TIME_TARGET_PCT=15

die() { echo "search.sh: $*" >&2; exit 1; }
note() { echo "search.sh: $*" >&2; }

[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (needed for benches/gen_corpus.py)"
command -v "$NODE" >/dev/null || die "$NODE not found (Node.js 20 or later runs search.js): apt-get install -y nodejs"

if [ -n "${CANDOR:-}" ]; then
  [ -x "$CANDOR" ] || die "CANDOR=$CANDOR is not an executable file"
  note "using CANDOR=$CANDOR (no cargo build)"
else
  command -v cargo >/dev/null || die "cargo not found (install Rust via rustup)"
  note "cargo build --release"
  cargo build --release || die "cargo build --release failed (see the compiler output above)"
  CANDOR="${CARGO_TARGET_DIR:-target}/release/candor"
  [ -x "$CANDOR" ] || die "cargo build succeeded but $CANDOR is missing"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/candor-search-bench.XXXXXX")
if [ -n "${KEEP:-}" ]; then
  trap 'note "kept $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
fs_type=$(stat -f -c %T "$work" 2>/dev/null || echo unknown)
note "work folder $work is on $fs_type"
if [ "$fs_type" != tmpfs ]; then
  note "outputs go to disk: file-creation costs can dominate the timings;" \
    "run with TMPDIR=/dev/shm to time candor rather than the disk (see benches/README.md)"
fi

note "generating $N articles (seed $SEED)"
"$PYTHON" benches/gen_corpus.py --n "$N" --out "$work/site" --seed "$SEED" >/dev/null

# Two copies of the default theme: one as shipped, one without the search
# template, which builds the same site without the search page and index.
mkdir -p "$work/site/themes"
cp -r themes/default "$work/site/themes/with-search"
cp -r themes/default "$work/site/themes/without-search"
rm "$work/site/themes/without-search/templates/search.html"
config="$work/site/candor.yaml"
cp "$config" "$work/config.yaml"

# Builds the site with theme $1 into a fresh folder; prints the wall seconds.
build() {
  { cat "$work/config.yaml"; printf 'theme: %s\n' "$1"; } > "$config"
  rm -rf "$work/out"
  sync
  local start end
  start=$(date +%s.%N)
  "$CANDOR" build --root "$work/site" --output "$work/out" >/dev/null 2>"$work/stderr" ||
    { cat "$work/stderr" >&2; die "candor build failed with theme $1"; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

best_with=""
best_without=""
note "warm-up builds"
build without-search >/dev/null
build with-search >/dev/null
for run in $(seq "$RUNS"); do
  # Alternate, so drifting load on the machine affects both alike.
  t=$(build without-search)
  best_without=$(awk -v a="$t" -v b="${best_without:-$t}" 'BEGIN { print (a < b ? a : b) }')
  t=$(build with-search)
  best_with=$(awk -v a="$t" -v b="${best_with:-$t}" 'BEGIN { print (a < b ? a : b) }')
  note "run $run/$RUNS: best so far ${best_without}s without search, ${best_with}s with"
done
# The last build (with search) stays in $work/out for the byte counts.

missed=0
awk -v w="$best_with" -v wo="$best_without" -v n="$N" -v target="$TIME_TARGET_PCT" 'BEGIN {
  pct = (w - wo) / wo * 100
  printf "build    N=%d  without search=%.2fs  with search=%.2fs  extra=%+.1f%%  (target <= %d%%): %s\n",
    n, wo, w, pct, target, (pct <= target ? "ok" : "MISSED")
  exit (pct <= target ? 0 : 1)
}' || missed=1

data="$work/out/search/data"
files=$(find "$data" -type f | wc -l)
bytes=$(find "$data" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
raw=$(find "$data" -type f -name '*.gz' -exec gzip -dc {} + | wc -c)
awk -v f="$files" -v b="$bytes" -v r="$raw" -v n="$N" 'BEGIN {
  printf "index    N=%d  files=%d  size=%.2fMB gzip (as stored)  %.2fMB uncompressed\n", n, f, b / 1048576, r / 1048576
}'

BENCH_STRICT=1 "$NODE" benches/search_bytes.mjs "$work/out" | tee "$work/bytes.txt" || missed=1

# The same site and the same first-search queries, searched with Pagefind
# (npm `pagefind`, installed into the work folder) in Chromium.
if [ -z "${NO_PAGEFIND:-}" ]; then
  command -v npm >/dev/null || die "npm not found (needed for Pagefind; NO_PAGEFIND=1 skips it)"
  [ -d tests/browser/node_modules/playwright-core ] ||
    die "tests/browser/node_modules is missing: run \`npm ci --ignore-scripts\` in tests/browser (or NO_PAGEFIND=1)"
  note "installing pagefind@1 into the work folder"
  npm install --prefix "$work/pagefind-npm" --no-audit --no-fund --loglevel=error pagefind@1 >/dev/null ||
    die "npm install pagefind@1 failed"
  start=$(date +%s.%N)
  "$work/pagefind-npm/node_modules/.bin/pagefind" --site "$work/out" >"$work/pagefind.log" 2>&1 ||
    { cat "$work/pagefind.log" >&2; die "pagefind failed"; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v n="$N" 'BEGIN { printf "pagefind N=%d  indexing the built site=%.2fs\n", n, b - a }'
  IFS=$'\t' read -r -a queries < <(grep '^queries' "$work/bytes.txt" | cut -f2-)
  "$NODE" benches/pagefind_bytes.mjs "$work/out" "${queries[@]}"
fi

if [ -n "${BENCH_STRICT:-}" ] && [ "$missed" -ne 0 ]; then
  exit 1
fi
