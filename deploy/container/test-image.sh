#!/usr/bin/env bash
# Builds the Dockerfile with podman and runs the image as an operator would: read-only root file system, the
# unprivileged user, a named volume for /var/lib/meine-ihk, no network. Passes when the image's own HEALTHCHECK
# reports healthy, the process runs as uid 10001, the root file system refuses writes, and `migrate` runs from
# the same image. test.sh runs it.
# Exit code: 0 passed, 1 failed, 77 skipped (the reason on the last line: no podman, podman unable to run here).
# Takes 2 minutes for the base images the first time on a machine (kept in podman's storage) and 1–5 minutes for
# the image build (the restore layer is cached while the project file stays the same).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

skip() { echo "skipped: $*"; exit 77; }
fail() { echo "failed: $*"; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

command -v podman >/dev/null 2>&1 || skip "podman is not installed (Debian: apt-get install podman buildah debootstrap runc)"
command -v debootstrap >/dev/null 2>&1 || skip "debootstrap is not installed (needed for the Debian base image)"
[ "$(id -u)" = 0 ] || skip "needs root: debootstrap and podman's image import run as root here (rootless podman needs newuidmap/slirp4netns set up for the user)"
# shellcheck source=podman-env.sh
. "$here/podman-env.sh"
podman info >/dev/null 2>&1 || skip "podman does not work on this machine: $(podman info 2>&1 | tail -n 1)"

image=localhost/meine-ihk:test
container=meine-ihk-image-test-$$
volume=meine-ihk-image-test-$$
cleanup() {
  pod rm -f -t 2 "$container" "$container-migrate" >/dev/null 2>&1 || true # (podman 4.3 without systemd: timer noise)
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  rm -rf "${secrets:-}"
}
trap cleanup EXIT

start=$(date +%s)
images=$("$here/base-images.sh" | tail -n 1) || fail "the base images could not be built (see above)"
sdk_image=$(sed -n 's/.*SDK_IMAGE=\([^ ]*\).*/\1/p' <<<"$images")
runtime_image=$(sed -n 's/.*RUNTIME_IMAGE=\([^ ]*\).*/\1/p' <<<"$images")
echo "base images ready after $(elapsed "$start"): $sdk_image, $runtime_image"

# The build stage has no network: the host restores once into its package cache, which the build mounts.
build_start=$(date +%s)
dotnet restore "$repo/src/IdentityProvider" -r linux-x64 -v quiet >/dev/null || fail "dotnet restore -r linux-x64 failed on the host"
packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
[ -d "$packages" ] || fail "the host's NuGet package folder was not found"
log=$(mktemp)
previous=$(podman image inspect "$image" --format '{{.Id}}' 2>/dev/null || true)
if ! pod build --format docker "${podman_limits[@]}" --network none \
    -v "$packages:/root/.nuget/packages" \
    --build-arg RESTORE_OPTIONS=-p:NuGetAudit=false \
    --build-arg SDK_IMAGE="$sdk_image" --build-arg RUNTIME_IMAGE="$runtime_image" \
    -t "$image" -f "$repo/Dockerfile" "$repo" >"$log" 2>&1; then
  tail -n 30 "$log"; rm -f "$log"
  fail "podman build failed"
fi
rm -f "$log"
# The previous run's image, now untagged (not a general prune: that would drop the build stage's cached layers).
if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect "$image" --format '{{.Id}}')" ]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi
echo "image built in $(elapsed "$build_start"): $(podman image inspect "$image" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1e6 }')"

# The settings a production node must be given (docs/operations.md, "Fail fast"): the image carries none. SQLite on
# the volume as a single node (compose and Kubernetes give PostgreSQL); a throwaway certificate for the key ring.
secrets=$(mktemp -d)
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=meine-ihk-key-ring -days 2 \
  -keyout "$secrets/key.pem" -out "$secrets/cert.pem" >/dev/null 2>&1 || fail "openssl could not make a test certificate"
openssl pkcs12 -export -inkey "$secrets/key.pem" -in "$secrets/cert.pem" -out "$secrets/key-ring.pfx" -passout pass:image-test \
  || fail "openssl could not write the PKCS#12 file"
chmod 0755 "$secrets"; chmod 0644 "$secrets/key-ring.pfx"
settings=(-e Database__Provider=Sqlite -e Database__SingleNode=true
          -e "ConnectionStrings__Default=Data Source=/var/lib/meine-ihk/meine-ihk.db"
          -e Issuer=https://meine-ihk.test/
          -v "$secrets/key-ring.pfx:/run/secrets/key-ring.pfx:ro"
          -e DataProtection__Certificate__Path=/run/secrets/key-ring.pfx -e DataProtection__Certificate__Password=image-test
          -e Mail__Transport=Smtp -e Mail__Smtp__Host=localhost -e "Mail__From=meine ihk <noreply@meine-ihk.test>")
run_start=$(date +%s)
pod run -d --name "$container" "${podman_limits[@]}" --network none --read-only \
  -v "$volume:/var/lib/meine-ihk" "${settings[@]}" "$image" >/dev/null 2>"$secrets/run.err" \
  || { cat "$secrets/run.err"; fail "podman run failed"; }

healthy=
for _ in $(seq 1 60); do
  if pod healthcheck run "$container" >/dev/null 2>&1; then healthy=1; break; fi
  [ "$(podman inspect "$container" --format '{{.State.Running}}')" = true ] || break
  sleep 2
done
if [ -z "$healthy" ]; then
  podman logs "$container" 2>&1 | tail -n 30
  fail "the container did not report healthy within 120 s"
fi
echo "healthy $(elapsed "$run_start") after podman run"

uid=$(pod exec "$container" id -u)
[ "$uid" = 10001 ] || fail "the provider runs as uid $uid, not 10001"
if pod exec "$container" touch /app/written 2>/dev/null; then fail "the root file system accepted a write"; fi
[ "$(podman inspect "$container" --format '{{.State.Health.Status}}')" = healthy ] || fail "podman does not list the container as healthy"

pod stop -t 10 "$container" >/dev/null 2>&1
output=$(pod run --rm --name "$container-migrate" "${podman_limits[@]}" --network none --read-only \
  -v "$volume:/var/lib/meine-ihk" "${settings[@]}" "$image" migrate 2>&1) || { echo "$output"; fail "migrate in the image failed"; }
grep -q "Database is up to date" <<<"$output" || { echo "$output"; fail "migrate printed no confirmation"; }

echo "passed: image $image built and healthy under podman (read-only root, uid 10001, migrate), $(elapsed "$start") in all"
