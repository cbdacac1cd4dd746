#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster: initdb in a temporary folder (as the
# postgres user, since PostgreSQL refuses to run as root), its own port, its unix socket in that
# folder. Exports PARLEY_TEST_POSTGRES_URL for the command and removes the cluster afterwards.
set -euo pipefail
bindir=/usr/lib/postgresql/15/bin
[ -x "$bindir/initdb" ] || { echo "with-postgres: PostgreSQL 15 is not installed (run scripts/setup.sh)" >&2; exit 1; }

dir="$(mktemp -d /tmp/parley-pg.XXXXXX)"
chmod 755 "$dir"
chown postgres:postgres "$dir"
port="${PARLEY_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

cleanup() {
  as_postgres "$bindir/pg_ctl -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

as_postgres "$bindir/initdb -D '$dir/data' -U postgres --auth=trust -E UTF8 --no-locale" >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
as_postgres "$bindir/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 30 -o \"-p $port -k '$dir' -c listen_addresses='127.0.0.1' -c fsync=on -c max_connections=200\" start" >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
as_postgres "$bindir/createdb -h '$dir' -p $port -U postgres parley_test"

export PARLEY_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/parley_test"
export PARLEY_TEST_POSTGRES_ADMIN_URL="postgresql://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: cluster on port $port ($dir)" >&2
"$@"
