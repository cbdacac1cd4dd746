#!/usr/bin/env bash
# Runs a command beside a throwaway coturn TURN server on loopback that accepts Parley's
# time-limited credentials (TURN REST API scheme: use-auth-secret). Exports for the command:
#   PARLEY_TEST_TURN_URI     turn:127.0.0.1:<port>?transport=udp
#   PARLEY_TEST_TURN_SECRET  the shared secret (give it to parley --turn-secret)
set -euo pipefail
command -v turnserver >/dev/null || { echo "with-coturn: coturn is not installed (run scripts/setup.sh)" >&2; exit 1; }
dir="$(mktemp -d /tmp/parley-turn.XXXXXX)"
port="${PARLEY_TEST_TURN_PORT:-$(( 40000 + RANDOM % 10000 ))}"
secret="$(openssl rand -hex 24)"
# --allow-loopback-peers: the browsers under test are on 127.0.0.1 too; coturn refuses to relay to
# loopback without it. Relay ports are kept in a small range on loopback only.
turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$port" \
  --min-port=$((port + 1)) --max-port=$((port + 200)) \
  --use-auth-secret --static-auth-secret="$secret" --realm=parley.test \
  --allow-loopback-peers --no-cli --no-tls --no-dtls --no-multicast-peers \
  --userdb="$dir/turndb" --pidfile="$dir/turnserver.pid" --log-file="$dir/turn.log" --simple-log \
  >/dev/null 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 1 50); do
  grep -q "Total General servers" "$dir"/turn*.log 2>/dev/null && break
  sleep 0.1
done
export PARLEY_TEST_TURN_URI="turn:127.0.0.1:$port?transport=udp"
export PARLEY_TEST_TURN_SECRET="$secret"
export PARLEY_TEST_TURN_LOG_DIR="$dir"
echo "with-coturn: TURN on 127.0.0.1:$port (udp)" >&2
"$@"
