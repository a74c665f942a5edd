#!/usr/bin/env bash
# Static checks of deploy/compose (there is no container engine to run it on our CI machine):
#   yamllint on compose.yaml; `docker-compose config` (the compose schema, variables filled from example.env);
#   `nginx -t` on the load balancer's configuration, filled in as the nginx image does, with the node names pointed
#   at 127.0.0.1 and a throwaway certificate.
# Exit code: 0 passed, 1 failed, 77 skipped (yamllint missing; the reason on the last line).
# A missing docker-compose or nginx skips only that step, and says so.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "failed: $*"; exit 1; }
command -v yamllint >/dev/null 2>&1 || { echo "skipped: yamllint is not installed (Debian: apt-get install yamllint)"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
done_steps=(yamllint)

yamllint -s -c "$here/../.yamllint" "$here/compose.yaml" || fail "yamllint found problems in compose.yaml"

if command -v docker-compose >/dev/null 2>&1; then
  cp "$here/compose.yaml" "$work/compose.yaml"
  cp "$here/example.env" "$work/.env"
  (cd "$work" && docker-compose -f compose.yaml config -q) || fail "docker-compose config rejected compose.yaml"
  services=$(cd "$work" && docker-compose -f compose.yaml config --services | sort | tr '\n' ' ')
  [ "$services" = "mailpit migrate nginx postgres provider-1 provider-2 " ] || fail "unexpected services: $services"
  done_steps+=("docker-compose config")
else
  echo "note: docker-compose is not installed: the compose schema was not checked"
fi

if command -v nginx >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=meine.ihk.example \
    -keyout "$work/tls.key" -out "$work/tls.crt" >/dev/null 2>&1 || fail "openssl could not make a test certificate"
  PUBLIC_HOST=meine.ihk.example envsubst '${PUBLIC_HOST}' <"$here/nginx.conf.template" \
    | sed -e 's/server provider-[0-9]*:8080/server 127.0.0.1:8080/' -e "s|/etc/nginx/certs/|$work/|" >"$work/default.conf"
  grep -q 'client_max_body_size 64m;' "$work/default.conf" || fail "nginx.conf.template has no client_max_body_size 64m"
  cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http { include $work/default.conf; }
CONF
  nginx -t -q -e "$work/error.log" -p "$work" -c "$work/nginx.conf" || fail "nginx -t rejected nginx.conf.template"
  done_steps+=("nginx -t")
else
  echo "note: nginx is not installed: nginx -t was not run"
fi

echo "passed: deploy/compose checked statically (${done_steps[*]})"
