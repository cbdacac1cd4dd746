#!/usr/bin/env bash
# Runs every test of Parley: C++ units and fuzz-corpus replays (ctest), integration tests against
# the real binary on SQLite and on a throwaway PostgreSQL, the web app's units, end-to-end tests
# in Chromium, the same server tests under AddressSanitizer + UBSan, and a short fuzzing run.
# Installs and builds whatever is missing first (scripts/setup.sh).
#
# PARLEY_TEST_STAGES selects stages (default: all): units integration postgres web e2e asan fuzz
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
stages="${PARLEY_TEST_STAGES:-units integration postgres web e2e asan fuzz}"
fuzz_seconds="${PARLEY_FUZZ_SECONDS:-15}"
declare -a results=()
passed=0
failed=0

run_stage() {  # name, command...
  local name="$1"; shift
  local started=$SECONDS
  echo "=== stage: $name"
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - started)) s)"); passed=$((passed + 1))
  else
    results+=("FAIL  $name ($((SECONDS - started)) s)"); failed=$((failed + 1))
  fi
}
wants() { [[ " $stages " == *" $1 "* ]]; }

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

# The integration test files, relative to tests/, optionally only those under the given folders.
node_suites() {
  (cd "$root/tests" && find . -path ./node_modules -prune -o -name '*.test.mjs' -print | sed 's|^\./||' | sort) |
    { if [ $# -gt 0 ]; then grep -E "^($(IFS='|'; echo "$*"))/" || true; else cat; fi; }
}
node_tests() {  # folders... (none: all)
  local files
  files="$(node_suites "$@")"
  [ -n "$files" ] || { echo "no integration tests for: $*"; return 0; }
  (cd "$root/tests" && node --test --test-concurrency=1 --test-timeout=300000 $files)
}
export -f node_suites node_tests; export root

if wants units; then
  run_stage "C++ unit tests + fuzz corpus replay (release)" ctest --test-dir build/release --output-on-failure -j2 --timeout 300
fi
if wants integration; then
  run_stage "integration tests on SQLite (release binary)" node_tests
fi
if wants postgres; then
  pg_suite() {
    ctest --test-dir build/release --output-on-failure -j2 --timeout 300 -L postgres &&
      PARLEY_TEST_ARGS="--database $PARLEY_TEST_POSTGRES_URL" node_tests api rooms
  }
  export -f pg_suite
  run_stage "store + API tests on PostgreSQL 15" scripts/with-postgres.sh bash -c pg_suite
fi
if wants web && [ -f web/package.json ]; then
  run_stage "web app unit tests (Vitest)" bash -c 'cd web && npm test --silent'
fi
if wants e2e && [ -f e2e/package.json ]; then
  run_stage "end-to-end tests in Chromium" bash -c 'cd e2e && npm test --silent'
fi
if wants asan; then
  asan() {
    scripts/build.sh asan &&
      ctest --test-dir build/asan --output-on-failure -j2 --timeout 600 &&
      PARLEY_PRESET=asan node_tests http realtime api
  }
  export -f asan
  run_stage "unit + integration tests under ASan+UBSan" bash -c asan
fi
if wants fuzz; then
  fuzz() {
    # Only the fuzz targets (clang + libFuzzer); the rest of the tree is built by other stages.
    [ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null || return 1
    local targets
    targets="$(awk '{ n = split($1, p, "/"); print p[n] }' build/fuzz/fuzzers.txt)"
    CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 cmake --build build/fuzz -j "$(nproc)" --target $targets >/dev/null || return 1
    local ok=0
    while read -r f seeds; do
      [ -n "$f" ] || continue
      local corpus
      corpus="$(mktemp -d)"
      echo "fuzzing $(basename "$f") for ${fuzz_seconds}s"
      # New inputs go to a temporary folder; the committed seeds are read only.
      "$f" -max_total_time="$fuzz_seconds" -max_len=65536 -print_final_stats=1 "$corpus" $seeds \
        >"$corpus.log" 2>&1 || { echo "FUZZ FAILURE in $f"; tail -50 "$corpus.log"; ok=1; }
      grep -E "stat::number_of_executed_units" "$corpus.log" | sed "s|^|  $(basename "$f") |"
      rm -rf "$corpus" "$corpus.log"
    done < build/fuzz/fuzzers.txt
    return $ok
  }
  export -f fuzz; export fuzz_seconds
  run_stage "short fuzzing run (libFuzzer, ${fuzz_seconds} s per target)" bash -c fuzz
fi

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
