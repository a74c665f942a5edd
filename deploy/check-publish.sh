#!/usr/bin/env bash
# Publishes the provider as operators and the Dockerfile do: linux-x64, framework-dependent, not trimmed. Passes when
# the output holds no native runtimes of other platforms; prints its size (docs/operations.md, "Packages").
#   deploy/check-publish.sh [OUT]   OUT: keep the output there (test.sh hands it to the systemd install test)
# Exit code: 0 passed, 1 failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "failed: $*"; exit 1; }
out=${1:-}
if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
start=$(date +%s)
DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet publish "$repo/src/IdentityProvider" -c Release -r linux-x64 \
  --self-contained false -p:UseAppHost=false -o "$out" -v quiet -nologo >/dev/null || fail "dotnet publish -r linux-x64 failed"
[ -f "$out/MeineIhk.IdentityProvider.dll" ] || fail "no MeineIhk.IdentityProvider.dll in the publish output"
foreign=
for platform in "$out"/runtimes/*/; do
  case $(basename "$platform") in '*' | linux-x64 | unix) ;; *) foreign+="$(basename "$platform") " ;; esac
done
[ -z "$foreign" ] || fail "the publish output holds runtimes of other platforms: $foreign"
echo "passed: linux-x64 framework-dependent publish, $(du -sm "$out" | cut -f1) MB, in $(( $(date +%s) - start )) s"
