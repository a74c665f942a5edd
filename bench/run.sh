#!/usr/bin/env bash
# The benchmark of issue 7: meine ihk (Release build; PostgreSQL and SQLite) beside node oidc-provider, driven by
# the same load generator on 127.0.0.1, back to back, several rounds; prints the table (docs/performance.md).
#
#   bench/run.sh              full run (45–75 minutes on 2 cores, with the 1,000,000-user database)
#   bench/run.sh --quick      one short round, no scale step (a few minutes)
#   options: --concurrency N  --burn-in S  --duration S  --warmup S  --rounds N  --no-scale  --no-es256  --scale-users N
#            --runtime-defaults   (ours without the small-node runtime settings, see docs/performance.md)
#            --scale-only         (only the 10,000 versus 1,000,000 users step)
#            --only client_credentials,refresh,...   (scenario name prefixes)
#
# Needs the .NET SDK, Node.js 20+ with npm, and the PostgreSQL 15 binaries (Debian's postgresql-15). Results and
# server logs go to bench/results/<time>/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

pg_bin=/usr/lib/postgresql/15/bin
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL 15 is missing: apt-get install --no-install-recommends postgresql-15" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js is missing (the peer runs on it)" >&2; exit 1; }

echo "== building (Release) and installing the peer"
dotnet build src/IdentityProvider -c Release -v quiet -nologo
dotnet build bench/MeineIhk.Bench -c Release -v quiet -nologo
(cd bench/peer && npm ci --no-audit --no-fund --loglevel=error)

echo "== starting a throwaway PostgreSQL 15 on 127.0.0.1"
pg_root=$(mktemp -d /tmp/meine-ihk-bench-pg.XXXXXX)
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$pg_root"
  as_postgres=(runuser -u postgres --)
fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop_pg() {
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_root"
}
trap stop_pg EXIT INT TERM
"${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions >/dev/null
# synchronous_commit=off: a commit returns before its WAL reaches the disk (a crash may lose the last few
# milliseconds of token rows, never corrupt them); the peer keeps everything in memory. See docs/performance.md.
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/log" -w -t 60 start -o \
  "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_root -c max_connections=300 -c shared_buffers=256MB -c synchronous_commit=off" >/dev/null

echo "== running (servers on 127.0.0.1; progress on stderr, the table on stdout)"
dotnet bench/MeineIhk.Bench/bin/Release/net10.0/MeineIhk.Bench.dll --repo "$repo" --pg-port "$pg_port" "$@"
