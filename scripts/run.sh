#!/usr/bin/env bash
# Installs what is missing, builds, and runs Parley with embedded SQLite and a self-signed
# certificate in ./data. Extra arguments go to the server (see `build/release/parley --help`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "$root"
exec build/release/parley --data-dir "${PARLEY_DATA_DIR:-$root/data}" --web-root "$root/web/dist" "$@"
