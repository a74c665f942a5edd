# shellcheck shell=bash disable=SC2034
# Sourced by the container scripts: how podman is called on this kind of machine (root in a VM with hybrid
# cgroups and without CAP_SYS_RESOURCE). crun refuses hybrid cgroups, runc does not; podman's default for root
# raises RLIMIT_NOFILE/NPROC above what this process may set, so the limits are given, no higher than our own.
podman_runtime=()
if command -v runc >/dev/null 2>&1; then
  podman_runtime=(--runtime runc)
fi
podman_limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=4096:4096")
pod() { podman "${podman_runtime[@]}" "$@"; }
