#!/usr/bin/env bash
# Installs meine ihk with install.sh into a temporary root as an operator would, then checks the result:
# the service user (in the temporary root's passwd, no change to this machine's users), folders and their owners,
# the settings with a Mail section, nginx's site (client_max_body_size 64m; `nginx -t` where nginx is installed),
# `meine-ihk migrate` run from another folder against a temporary SQLite database (it must use the installation's
# settings, not create a database in the current folder), `meine-ihk --help`, and one node started from the
# installation as the service user, answering its health endpoint (/healthz: the endpoint of today; the runtime
# work adds /health/live and /health/ready). test.sh runs it.
# Exit code: 0 passed, 1 failed, 77 skipped (the reason on the last line).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "skipped: $*"; exit 77; }
fail() { echo "failed: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root (install.sh sets owners of the installed folders)"
command -v systemd-sysusers >/dev/null 2>&1 || skip "systemd-sysusers is missing (Debian: systemd), install.sh --root needs it"
command -v openssl >/dev/null 2>&1 || skip "openssl is missing"

root=$(mktemp -d /tmp/meine-ihk-install-test.XXXXXX)
elsewhere=$(mktemp -d /tmp/meine-ihk-elsewhere.XXXXXX)
node_pid=
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  rm -rf "$root" "$elsewhere"
}
trap cleanup EXIT
chmod 0755 "$root" "$elsewhere" # the service user must reach the installation below it
start=$(date +%s)

users_before=$(cat /etc/passwd /etc/group | sha256sum)
# MEINE_IHK_PUBLISHED: a linux-x64 publish output made already (test.sh publishes once for all deploy checks).
log=$(mktemp)
"$here/install.sh" --root "$root" ${MEINE_IHK_PUBLISHED:+--publish "$MEINE_IHK_PUBLISHED"} >"$log" 2>&1 || { cat "$log"; rm -f "$log"; fail "install.sh failed"; }
rm -f "$log"
echo "installed into $root in $(( $(date +%s) - start )) s"

# The service user, in the temporary root only.
entry=$(grep '^meine-ihk:' "$root/etc/passwd") || fail "no user meine-ihk in the root's /etc/passwd"
[ "${entry##*:}" = /usr/sbin/nologin ] || fail "the service user can log in: $entry"
[ "$(cat /etc/passwd /etc/group | sha256sum)" = "$users_before" ] || fail "install.sh --root changed this machine's users or groups"
uid=$(cut -d: -f3 <<<"$entry") gid=$(cut -d: -f4 <<<"$entry")

# Folders and owners.
[ "$(stat -c %u "$root/var/lib/meine-ihk")" = "$uid" ] || fail "/var/lib/meine-ihk is not owned by the service user"
[ "$(stat -c %u "$root/opt/meine-ihk")" = 0 ] || fail "/opt/meine-ihk is not owned by root"
[ "$(stat -c '%a %u %g' "$root/etc/meine-ihk/meine-ihk.env")" = "640 0 $gid" ] || fail "meine-ihk.env is not 0640 root:meine-ihk"
[ "$(readlink "$root/opt/meine-ihk/App_Data")" = "$root/var/lib/meine-ihk" ] || fail "App_Data does not point to the state folder"
[ -x "$root/usr/local/sbin/meine-ihk" ] || fail "no meine-ihk command"
[ -f "$root/etc/systemd/system/meine-ihk.service" ] || fail "no systemd unit"
grep -q "^ReadWritePaths=$root/var/lib/meine-ihk$" "$root/etc/systemd/system/meine-ihk.service" || fail "the unit does not name the state folder"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$root/etc/systemd/system/meine-ihk.service" || fail "systemd-analyze verify rejected the unit"
fi
for platform in "$root"/opt/meine-ihk/runtimes/*/; do
  case $(basename "$platform") in '*' | linux-x64 | unix) ;; *) fail "the publish holds native runtimes of other platforms ($platform)" ;; esac
done

# The settings the example gives an operator.
settings=$root/etc/meine-ihk/appsettings.Production.json
for section in '"Mail"' '"Smtp"' '"From"' '"Database"' '"Issuer"' '"DataProtection"'; do
  grep -q "$section" "$settings" || fail "appsettings.Production.json has no $section"
done

# nginx's site.
site=$root/etc/nginx/sites-available/meine-ihk.conf
[ "$(readlink "$root/etc/nginx/sites-enabled/meine-ihk.conf")" = ../sites-available/meine-ihk.conf ] || fail "the nginx site is not enabled"
grep -q 'client_max_body_size 64m;' "$site" || fail "the nginx site has no client_max_body_size 64m"
if command -v nginx >/dev/null 2>&1; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=meine.ihk.example \
    -keyout "$root/privkey.pem" -out "$root/fullchain.pem" >/dev/null 2>&1
  sed -e "s|/etc/ssl/meine-ihk/|$root/|" -e 's/listen 80;/listen 127.0.0.1:1;/; s/listen \[::\]:80;//; s/listen \[::\]:443 ssl http2;//' "$site" >"$root/site.conf"
  printf 'pid %s/nginx.pid;\nerror_log %s/nginx.log;\nevents {}\nhttp { include %s/site.conf; }\n' "$root" "$root" "$root" >"$root/nginx.conf"
  nginx -t -q -e "$root/nginx.log" -p "$root" -c "$root/nginx.conf" || fail "nginx -t rejected the installed site"
else
  echo "note: nginx is not installed: nginx -t was not run"
fi

# An operator's settings: a single node on SQLite in the state folder, and the key ring's certificate.
key=$root/etc/meine-ihk/key
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=meine-ihk-key-ring -keyout "$key.pem" -out "$key.crt" >/dev/null 2>&1
openssl pkcs12 -export -inkey "$key.pem" -in "$key.crt" -out "$root/etc/meine-ihk/key-ring.pfx" -passout pass:install-test
rm -f "$key.pem" "$key.crt"
chown "0:$gid" "$root/etc/meine-ihk/key-ring.pfx"; chmod 0640 "$root/etc/meine-ihk/key-ring.pfx"
sed -i -e 's/"Provider": "PostgreSql"/"Provider": "Sqlite", "SingleNode": true/' \
       -e 's|"Issuer": "https://meine.ihk.example/"|"Issuer": "https://meine-ihk.test/"|' "$settings"
cat >"$root/etc/meine-ihk/meine-ihk.env" <<ENV
# test-install.sh
ConnectionStrings__Default=Data Source=$root/var/lib/meine-ihk/meine-ihk.db
DataProtection__Certificate__Password=install-test
ENV

# migrate from another folder, as root: the command runs as the service user with the installation's settings.
cd "$elsewhere" || fail "cannot enter $elsewhere"
output=$("$root/usr/local/sbin/meine-ihk" migrate 2>&1) || { echo "$output"; fail "meine-ihk migrate failed"; }
grep -q "Database is up to date" <<<"$output" || { echo "$output"; fail "migrate printed no confirmation"; }
db=$root/var/lib/meine-ihk/meine-ihk.db
[ -s "$db" ] || fail "migrate did not create the configured database $db"
[ "$(stat -c %u "$db")" = "$uid" ] || fail "the database was not written by the service user"
grep -a -q '_Initial' "$db"* || fail "the migrations history of $db names no Initial migration"
[ -z "$(ls -A "$elsewhere")" ] || fail "migrate wrote into the current folder: $(ls -A "$elsewhere")"
"$root/usr/local/sbin/meine-ihk" --help >"$root/help.txt" 2>&1 || fail "meine-ihk --help failed"
grep -q migrate "$root/help.txt" || fail "meine-ihk --help does not list migrate"

# One node from the installation, as the service user, on a free port of 127.0.0.1.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18457)
"$root/usr/local/sbin/meine-ihk" --urls "http://127.0.0.1:$port" >"$root/node.log" 2>&1 &
node_pid=$!
status=
for _ in $(seq 1 90); do
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    # The first request of a fresh process may take long on a loaded machine (JIT, key ring, database): wait for its
    # answer, and ask again if it had none.
    IFS= read -r -t 30 status <&3 || true
    exec 3<&-
    [[ "$status" == "HTTP/1.1 200"* ]] && break
  fi
  kill -0 "$node_pid" 2>/dev/null || break
  sleep 1
done
[[ "$status" == "HTTP/1.1 200"* ]] || { tail -n 30 "$root/node.log"; fail "the installed node did not answer /healthz with 200 (${status:-no answer})"; }
node_user=$(ps -o uid= -p "$node_pid" | tr -d ' ') # the command execs setpriv, which execs dotnet: the same process
[ "$node_user" = "$uid" ] || fail "the node runs as uid $node_user, not the service user's $uid"

echo "passed: installed into a temporary root (user, folders, settings with Mail, nginx site), migrate from another folder, node healthy as the service user, $(( $(date +%s) - start )) s"
