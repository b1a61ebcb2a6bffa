#!/usr/bin/env bash
# Real-browser test suite of the built example site. Run from anywhere:
#   cargo run --release -- build   # at the repository root, first
#   tests/browser/run.sh           # extra arguments go to `node --test`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

fail() { printf 'tests/browser: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node (20 or later) is missing: apt-get update && apt-get install -y nodejs npm"
command -v npm >/dev/null 2>&1 || fail "npm is missing: apt-get update && apt-get install -y npm"
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] ||
  fail "${CHROMIUM_PATH:-/usr/bin/chromium} is missing: apt-get update && apt-get install -y chromium"
command -v java >/dev/null 2>&1 ||
  fail "java is missing (the Nu HTML checker needs it): apt-get update && apt-get install -y default-jre-headless"

site="${CANDOR_SITE_DIR:-../../public}"
[ -f "$site/index.html" ] ||
  fail "$site/index.html is missing: build the site first with \`cargo run --release -- build\` at the repository root"

# Install the pinned packages when node_modules is missing or was installed
# from another package-lock.json. --ignore-scripts: vnu-jar's postinstall
# would download a JDK; the machine's java is used instead.
stamp=node_modules/.package-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --ignore-scripts
  printf '%s\n' "$want" > "$stamp"
fi

exec node --test --test-concurrency=1 "$@" server.test.mjs broken.test.mjs site.test.mjs reading.test.mjs photos.test.mjs directory.test.mjs intake.test.mjs search.test.mjs i18n.test.mjs starter.test.mjs blocks.test.mjs inbox.test.mjs
