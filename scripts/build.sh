#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: release (default), debug, asan, tsan or fuzz.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
preset="${1:-release}"
cd "$root"
[ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "${PARLEY_BUILD_JOBS:-$(nproc)}"
