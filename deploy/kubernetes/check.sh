#!/usr/bin/env bash
# Renders every overlay of deploy/kubernetes with `kubectl kustomize` and validates each object against the
# Kubernetes schemas (validate/validate.mjs, @kubernetes-models/validate from npm, installed from the committed
# lock file) and yamllint. Nothing is applied: there is no cluster here. test.sh runs it.
# Exit code: 0 passed, 1 failed, 77 skipped (kubectl, node or npm missing; the reason on the last line).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "skipped: $*"; exit 77; }
fail() { echo "failed: $*"; exit 1; }
command -v kubectl >/dev/null 2>&1 || skip "kubectl is not installed (Debian: apt-get install kubernetes-client)"
kustomize=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')
[ "${kustomize:-0}" -ge 4 ] || skip "kubectl's kustomize is ${kustomize:+v}${kustomize:-missing} (Debian 12's kubernetes-client has v2); the overlays need v4 or later"
command -v node >/dev/null 2>&1 || skip "Node.js is not installed (Debian: apt-get install nodejs npm)"

validator=$here/validate
if [ ! -f "$validator/node_modules/.package-lock.json" ] || [ "$validator/package-lock.json" -nt "$validator/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null 2>&1 || skip "npm is not installed (Debian: apt-get install npm)"
  npm ci --prefix "$validator" --no-audit --no-fund --loglevel=error >/dev/null || fail "npm ci failed in $validator"
fi

if command -v yamllint >/dev/null 2>&1; then
  yamllint -s -c "$here/../.yamllint" "$here/base" "$here/components" "$here/overlays" || fail "yamllint found problems"
else
  echo "note: yamllint is not installed: the YAML sources were not linted"
fi

overlays=0
for overlay in "$here"/overlays/*/; do
  name=$(basename "$overlay")
  rendered=$(kubectl kustomize "$overlay") || fail "kubectl kustomize could not render overlays/$name"
  node "$validator/validate.mjs" "overlays/$name" <<<"$rendered" || fail "overlays/$name has invalid objects (above)"
  overlays=$((overlays + 1))
done
[ "$overlays" -gt 0 ] || fail "no overlay found"
echo "passed: $overlays overlays rendered with kubectl kustomize and every object schema-validated (not applied to a cluster)"
