#!/usr/bin/env bash
# Checks the deployment kit with the tools that read it: systemd-analyze for
# the unit, caddy for the Caddyfile, nginx -t for the nginx site. Needs a
# built binary (cargo build --release) and the three tools (Debian: systemd,
# caddy, nginx-light, openssl). Nothing is started and nothing listens.
#
# Usage: deploy/check.sh [path/to/candor]
set -euo pipefail
cd "$(dirname "$0")/.."

candor="$(realpath "${1:-target/release/candor}")"
fail() { printf 'deploy/check.sh: %s\n' "$*" >&2; exit 1; }
[ -x "$candor" ] || fail "$candor is missing: run cargo build --release first"
for tool in systemd-analyze caddy nginx openssl; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "$tool is missing: apt-get install -y systemd caddy nginx-light openssl"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# systemd: the unit as installed, with this binary in place of
# /usr/local/bin/candor. systemd-analyze exits 0 on unknown or misspelt
# settings, so anything it prints is a failure.
sed "s#/usr/local/bin/candor#$candor#g" deploy/candor-intake.service > "$work/candor-intake.service"
out="$(systemd-analyze verify "$work/candor-intake.service" 2>&1)" || fail "systemd-analyze: $out"
[ -z "$out" ] || fail "systemd-analyze found problems in deploy/candor-intake.service:
$out"
echo "deploy/candor-intake.service: systemd-analyze verify found nothing"

# Caddy.
caddy validate --adapter caddyfile --config deploy/Caddyfile > "$work/caddy.log" 2>&1 ||
  fail "caddy validate: $(cat "$work/caddy.log")"
echo "deploy/Caddyfile: caddy validate passed"

# nginx: the site file inside a minimal main configuration, with a
# throwaway certificate in place of Let's Encrypt's.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=therapy.example.org" \
  -keyout "$work/key.pem" -out "$work/cert.pem" > /dev/null 2>&1
sed -e "s#/etc/letsencrypt/live/therapy.example.org/fullchain.pem#$work/cert.pem#" \
    -e "s#/etc/letsencrypt/live/therapy.example.org/privkey.pem#$work/key.pem#" \
    deploy/nginx.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log stderr;
events {}
http {
    include $work/site.conf;
}
CONF
nginx -t -q -c "$work/nginx.conf" -p "$work" > "$work/nginx.log" 2>&1 || fail "nginx -t: $(cat "$work/nginx.log")"
echo "deploy/nginx.conf: nginx -t passed"
