#!/usr/bin/env bash
# Installs everything Parley needs on Debian 12 (run as root), then builds.
# Idempotent: on a ready machine it only checks and rebuilds what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

apt_packages=(
  build-essential cmake ninja-build ccache pkg-config git curl openssl procps iproute2 psmisc
  libboost1.74-dev libssl-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libsqlite3-dev sqlite3 libpqxx-dev libpq-dev postgresql-15 libcrypt-dev libsrtp2-dev
  libhiredis-dev redis-server libgtest-dev libgmock-dev
  clang libclang-rt-14-dev clang-format clang-tidy
  chromium coturn gnuplot-nox wrk
)
# The machine image may bring its own Node.js (with npm bundled); Debian's is the fallback.
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these as system services; Parley's tests start their own throwaway instances.
  for svc in redis-server coturn postgresql; do
    systemctl disable --now "$svc" >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true
  done
fi

npm_ci() {  # $1 = folder with package-lock.json
  local dir="$1"
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
for d in web e2e tests bench/reference-node; do npm_ci "$root/$d"; done

if [ "${PARLEY_SKIP_BUILD:-0}" != 1 ]; then
  "$root/scripts/build.sh" "${PARLEY_PRESET:-release}"
  # The web app: rebuilt when any of its sources is newer than the last build.
  if [ -f web/package.json ]; then
    if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/package.json web/vite.config.* -newer web/dist/index.html 2>/dev/null | head -1)" ]; then
      echo "setup: building the web app"
      (cd web && npm run build --silent)
    fi
  fi
fi
