#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: release (default), debug, asan, tsan or fuzz.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
preset="${1:-release}"
cd "$root"
# ccache hits across clones in other folders (CI builds a fresh clone): paths below the repo are
# hashed relative to it, and the build folder is not part of the key.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
[ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "${PARLEY_BUILD_JOBS:-$(nproc)}"
