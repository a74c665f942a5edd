#!/usr/bin/env bash
# Builds the local stand-ins for Microsoft's .NET images where none can be pulled (as on our CI machine):
#   localhost/meine-ihk-debian:bookworm        Debian 12 minbase from Debian's own packages (debootstrap)
#   localhost/meine-ihk-dotnet-sdk:<sdk>       + this machine's .NET SDK (for the Dockerfile's build stage)
#   localhost/meine-ihk-dotnet-aspnet:<rt>     + only its shared runtimes (the Dockerfile's runtime stage)
# Images that exist already are kept (podman's own storage is the cache). Prints the two image names as
#   SDK_IMAGE=...  RUNTIME_IMAGE=...
# Needs root, podman, runc or crun, debootstrap and the .NET SDK. The Debian mirror is the one apt uses here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=podman-env.sh
. "$here/podman-env.sh"

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
sdk_version=$(dotnet --version)
runtime_version=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n 1)
base=localhost/meine-ihk-debian:bookworm
sdk=localhost/meine-ihk-dotnet-sdk:$sdk_version
runtime=localhost/meine-ihk-dotnet-aspnet:$runtime_version

apt_mirror() {
  local uri
  uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
  printf '%s' "$uri"
}

if ! podman image exists "$base"; then
  echo "== $base: debootstrap (Debian 12 minbase with the .NET runtime's libraries)" >&2
  mirror=$(apt_mirror)
  [ -n "$mirror" ] || { echo "No Debian mirror found in apt's sources." >&2; exit 1; }
  rootfs=$(mktemp -d /tmp/meine-ihk-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -n 20 "$rootfs.log" >&2; exit 1; }
  rm -f "$rootfs.log"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi

if ! podman image exists "$sdk"; then
  echo "== $sdk: $dotnet_root copied onto $base" >&2
  pod build -q "${podman_limits[@]}" --build-arg BASE_IMAGE="$base" -f "$here/dotnet-sdk.Containerfile" -t "$sdk" "$dotnet_root" >/dev/null
fi

if ! podman image exists "$runtime"; then
  echo "== $runtime: the shared runtimes of $dotnet_root onto $base" >&2
  pod build -q "${podman_limits[@]}" --build-arg BASE_IMAGE="$base" -f "$here/dotnet-aspnet.Containerfile" -t "$runtime" "$dotnet_root" >/dev/null
fi

echo "SDK_IMAGE=$sdk RUNTIME_IMAGE=$runtime"
