#!/usr/bin/env bash
# Runs every test of meine ihk and ends with one line: "N passed, N failed, N skipped".
# Needs the .NET SDK, Debian's chromium and PostgreSQL 15 binaries (.ci/run installs them);
# the tests start their own PostgreSQL server and Kestrel hosts on 127.0.0.1.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

results=$(mktemp -d)
dotnet test MeineIhk.sln -c Release \
  --logger "trx;LogFilePrefix=results" \
  --logger "console;verbosity=normal" \
  --results-directory "$results"
status=$?

total=0 executed=0 passed=0 failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(value total)))
  executed=$((executed + $(value executed)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # Skipped tests and their reasons.
  awk 'BEGIN { RS = "<UnitTestResult " }
       /outcome="NotExecuted"/ {
         name = ""; reason = ""
         if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11)
         if (match($0, /<Message>[^<]*<\/Message>/)) reason = substr($0, RSTART + 9, RLENGTH - 19)
         print "skipped: " name " — " reason
       }' "$trx"
done
rm -rf "$results"

if [ "$total" -eq 0 ] && [ "$status" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit "$status"
fi
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "$passed passed, $failed failed, $((total - executed)) skipped"
exit "$status"
