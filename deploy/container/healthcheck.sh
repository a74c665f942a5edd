#!/bin/bash
# The image's HEALTHCHECK: GET the liveness endpoint on the container's own port with bash alone (no curl in the
# image). /health/live is the provider's liveness endpoint; a version without it answers 404 there, and then the
# older /healthz is asked instead, so the same image definition serves both.
port=${ASPNETCORE_HTTP_PORTS:-8080}
port=${port%%[;,]*}

status_of() { # path
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" >&3
  local line
  IFS= read -r -t 5 line <&3 || return 1
  exec 3<&-
  line=${line#HTTP/1.? }
  printf '%s' "${line%% *}"
}

status=$(status_of /health/live) || exit 1
if [ "$status" = 404 ]; then
  status=$(status_of /healthz) || exit 1
fi
[ "$status" = 200 ]
