#!/usr/bin/env bash
# Runs the storage unit suite and the REST API integration tests against SQLite, then against a
# throwaway PostgreSQL 15 cluster (scripts/with-postgres.sh). BUILD_DIR defaults to build/release.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$repo/build/release}"
export PARLEY_BINARY="${PARLEY_BINARY:-$build/parley}"

echo "== SQLite" >&2
"$build/server/test/store/store_test"
(cd "$repo/tests" && node --test --test-concurrency=1 --test-timeout=180000 api/)

echo "== PostgreSQL" >&2
"$repo/scripts/with-postgres.sh" bash -c '
  set -euo pipefail
  "'"$build"'/server/test/store/store_test"
  cd "'"$repo"'/tests"
  PARLEY_TEST_ARGS="--database $PARLEY_TEST_POSTGRES_URL" node --test --test-concurrency=1 --test-timeout=180000 api/
'
