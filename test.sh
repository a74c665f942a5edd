#!/usr/bin/env bash
# Runs every test of meine ihk and ends with one line: "N passed, N failed, N skipped".
# Exit code: the one of `dotnet test` (non-zero on a failed test or a failed build).
#
# Needs the .NET SDK, Debian's chromium, the PostgreSQL 15 binaries and Node.js with npm (.ci/run installs them); the tests
# start their own PostgreSQL server and Kestrel hosts on 127.0.0.1; the multi-node test (Hosting/Nodes/
# ThreeNodesBehindNginxTests: three provider processes behind Debian's nginx) is one of them, skipped with the reason
# where nginx or the PostgreSQL binaries are missing. SQL Server tests run only where a
# Docker engine answers, and are reported as skipped, with the reason, elsewhere. The deployment checks after them
# (deploy/README.md) need kubectl, yamllint, docker-compose, nginx, podman with runc and debootstrap (.ci/run installs
# them too) and are reported as skipped, with the reason, where one is missing.
# TEST_RESULTS_DIR=<folder> keeps the TRX files there (otherwise they go to a temp folder that is removed).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [ -n "${TEST_RESULTS_DIR:-}" ]; then
  results=$TEST_RESULTS_DIR
  mkdir -p "$results"
else
  results=$(mktemp -d)
  trap 'rm -rf "$results"' EXIT
fi

# The relying-party guide's Node.js sample runs in the tests: install its locked packages when they are missing or stale.
node_sample=samples/node-fachanwendung
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$node_sample/node_modules/.package-lock.json" ] || [ "$node_sample/package-lock.json" -nt "$node_sample/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$node_sample" --no-audit --no-fund --loglevel=error || echo "npm ci failed in $node_sample: its tests will fail." >&2
  fi
else
  echo "npm is not installed: the Node.js sample's tests are skipped (no node) or fail (no packages)." >&2
fi

# Build once; then the deployment checks run beside the tests (they wait on podman, apt files and the disk more than on
# the processor), and their output follows the tests' output.
dotnet build MeineIhk.sln -c Release -v quiet -nologo
status=$?

# The deployment checks (deploy/README.md): scripts that exit 0 (passed), 77 (skipped; the reason on their last line)
# or anything else (failed). Each counts as one test in the summary below. DEPLOY_CHECKS=0 leaves them out.
deploy_dir=$(mktemp -d)
deploy_check() { # name command...
  local name=$1 log=$deploy_dir/$1.log started code last
  shift
  started=$(date +%s)
  "$@" >"$log.raw" 2>&1 </dev/null
  code=$?
  last=$(grep -v '^[[:space:]]*$' "$log.raw" | tail -n 1)
  { echo "== deploy check $name: $*"; sed 's/^/   /' "$log.raw"; } >"$log"
  rm -f "$log.raw"
  echo "   ($name: exit code $code after $(( $(date +%s) - started )) s)" >>"$log"
  case $code in
    0) echo "passed" ;;
    77) echo "skipped: Deploy.$name — ${last#skipped: }" ;;
    *) echo "failed:  Deploy.$name — ${last#failed: }" ;;
  esac >"$deploy_dir/$name.outcome"
}
deploy_checks() {
  published=$(mktemp -d)
  deploy_check Publish deploy/check-publish.sh "$published"
  [ -f "$published/MeineIhk.IdentityProvider.dll" ] || rm -rf "$published"
  deploy_check Compose deploy/compose/check.sh
  deploy_check Kubernetes deploy/kubernetes/check.sh
  if [ -d "$published" ]; then
    deploy_check SystemdInstall env MEINE_IHK_PUBLISHED="$published" deploy/systemd/test-install.sh
  else
    deploy_check SystemdInstall deploy/systemd/test-install.sh
  fi
  rm -rf "$published"
  deploy_check ContainerImage deploy/container/test-image.sh
}
deploy_pid=
if [ "$status" -eq 0 ] && [ "${DEPLOY_CHECKS:-1}" != 0 ]; then
  deploy_checks &
  deploy_pid=$!
fi

# A prefix (not a fixed file name) so that several test projects do not overwrite each other's TRX.
if [ "$status" -eq 0 ]; then
  dotnet test MeineIhk.sln -c Release --no-build \
    --logger "trx;LogFilePrefix=results" \
    --logger "console;verbosity=normal" \
    --results-directory "$results"
  status=$?
fi

[ -z "$deploy_pid" ] || wait "$deploy_pid"
deploy_passed=0 deploy_failed=0 deploy_skipped=0 deploy_outcomes=()
for log in "$deploy_dir"/*.log; do
  [ -e "$log" ] || continue
  cat "$log"
  outcome=$(cat "${log%.log}.outcome" 2>/dev/null || echo "failed:  Deploy.$(basename "${log%.log}") — no outcome")
  case $outcome in
    passed) deploy_passed=$((deploy_passed + 1)) ;;
    skipped:*) deploy_skipped=$((deploy_skipped + 1)); deploy_outcomes+=("$outcome") ;;
    *) deploy_failed=$((deploy_failed + 1)); deploy_outcomes+=("$outcome") ;;
  esac
done
rm -rf "$deploy_dir"

# One counter of the <Counters .../> element of a TRX file, 0 when absent.
counter() { # file name
  local value
  value=$(grep -o '<Counters [^>]*>' "$1" | head -n 1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")
  printf '%s' "${value:-0}"
}

# "outcome<TAB>test name<TAB>first line of the message" for the results with one of the given outcomes.
results_with_outcome() { # file outcome-regex
  awk -v wanted="$2" 'BEGIN { RS = "<UnitTestResult " }
    NR > 1 {
      end = index($0, "</UnitTestResult>")
      result = end ? substr($0, 1, end) : substr($0, 1, index($0, ">"))
      if (!match(result, /outcome="[A-Za-z]*"/)) next
      outcome = substr(result, RSTART + 9, RLENGTH - 10)
      if (outcome !~ ("^(" wanted ")$")) next
      name = ""; message = ""
      if (match(result, /testName="[^"]*"/)) name = substr(result, RSTART + 10, RLENGTH - 11)
      if (match(result, /<Message>[^<]*<\/Message>/)) message = substr(result, RSTART + 9, RLENGTH - 19)
      sub(/\r?\n.*/, "", message)
      print outcome "\t" name "\t" message
    }' "$1" |
    sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&#xD;//g' -e 's/&#xA;/ /g' -e 's/&amp;/\&/g'
}

total=0 executed=0 passed=0 failed=0 reports=0
shopt -s nullglob
for trx in "$results"/*.trx "$results"/*/*.trx; do
  reports=$((reports + 1))
  total=$((total + $(counter "$trx" total)))
  executed=$((executed + $(counter "$trx" executed)))
  passed=$((passed + $(counter "$trx" passed)))
  for kind in failed error timeout aborted; do
    failed=$((failed + $(counter "$trx" "$kind")))
  done
  while IFS=$'\t' read -r outcome name message; do
    case $outcome in
      NotExecuted) echo "skipped: $name${message:+ — $message}" ;;
      *) echo "failed:  $name${message:+ — $message}" ;;
    esac
  done < <(results_with_outcome "$trx" 'NotExecuted|Failed|Error|Timeout|Aborted')
done

for outcome in "${deploy_outcomes[@]}"; do
  echo "$outcome"
done
dotnet_status=$status
if [ "$status" -eq 0 ] && [ "$deploy_failed" -gt 0 ]; then
  status=1
fi

if [ "$reports" -eq 0 ]; then
  build_failed=0
  if [ "$dotnet_status" -ne 0 ]; then
    echo "No test results: the build or the test run failed before any test ran (see above)."
    build_failed=1
  fi
  echo "$deploy_passed passed, $((deploy_failed + build_failed)) failed, $deploy_skipped skipped"
  exit "$status"
fi

# dotnet test failed although no test did (a project that did not build, a crashed test host): count it.
if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $dotnet_status although no test failed (a build error or a crashed test host?)."
  failed=1
fi
echo "$((passed + deploy_passed)) passed, $((failed + deploy_failed)) failed, $((total - executed + deploy_skipped)) skipped"
exit "$status"
