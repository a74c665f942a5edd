#!/usr/bin/env bash
# Installs meine ihk as a systemd service behind nginx, as an operator would on one node (Debian 12 or similar):
#   sudo deploy/systemd/install.sh                  publish from this repository (linux-x64) and install
#   sudo deploy/systemd/install.sh --publish DIR    install an existing publish output
#        --root DIR   install below DIR as if it were / (a trial, the tests): every path in the installed files
#                     points below DIR, the user is created in DIR/etc/passwd (systemd-sysusers --root), nothing
#                     is enabled, started or reloaded
#        --user NAME  the service user (default meine-ihk)      --no-nginx  leave nginx alone
#
# Layout (below DIR with --root):
#   /opt/meine-ihk                   the published provider, owned by root (the previous one kept as .previous)
#   /etc/meine-ihk                   appsettings.Production.json (linked into /opt/meine-ihk), meine-ihk.env with
#                                    the secrets (0640 root:USER), key-ring.pfx (yours, 0640 root:USER)
#   /var/lib/meine-ihk               the only folder the service writes (App_Data links here)
#   /usr/local/sbin/meine-ihk        runs operator commands with the service's configuration from any folder
#   /etc/systemd/system/meine-ihk.service, /etc/nginx/sites-available/meine-ihk.conf (+ sites-enabled link)
# Existing settings, secrets and nginx files are never overwritten.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

root='' publish='' user=meine-ihk nginx=1
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=$(cd "$2" && pwd); shift 2 ;;
    --publish) publish=$(cd "$2" && pwd); shift 2 ;;
    --user) user=$2; shift 2 ;;
    --no-nginx) nginx=; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (--help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root (it creates a user and root-owned folders)." >&2; exit 1; }
[ "$root" = / ] && root=

app_dir=$root/opt/meine-ihk
config_dir=$root/etc/meine-ihk
state_dir=$root/var/lib/meine-ihk
dotnet=$(command -v dotnet || true)
[ -n "$dotnet" ] || { echo "install.sh: the .NET runtime (dotnet) is missing: install the ASP.NET Core 10 runtime first." >&2; exit 1; }

fill() { # template → stdout with the paths of this installation
  sed -e "s|@ROOT@|$root|g" -e "s|@APP_DIR@|$app_dir|g" -e "s|@CONFIG_DIR@|$config_dir|g" \
      -e "s|@STATE_DIR@|$state_dir|g" -e "s|@USER@|$user|g" -e "s|@DOTNET@|$dotnet|g" "$1"
}

if [ -z "$publish" ]; then
  publish=$(mktemp -d)
  trap 'rm -rf "$publish"' EXIT
  echo "== publishing the provider for linux-x64 (framework-dependent)"
  DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet publish "$repo/src/IdentityProvider" -c Release -r linux-x64 \
    --self-contained false -p:UseAppHost=false -o "$publish" -v quiet -nologo >/dev/null
fi
[ -f "$publish/MeineIhk.IdentityProvider.dll" ] || { echo "install.sh: $publish holds no published provider." >&2; exit 1; }

echo "== the service user $user"
mkdir -p "$root/etc"
sysusers=$(mktemp)
fill "$here/meine-ihk.sysusers" >"$sysusers"
if command -v systemd-sysusers >/dev/null 2>&1; then
  systemd-sysusers ${root:+--root "$root"} "$sysusers"
elif [ -z "$root" ]; then
  id "$user" >/dev/null 2>&1 || useradd --system --user-group --home-dir "$state_dir" --no-create-home --shell /usr/sbin/nologin "$user"
else
  echo "install.sh: --root needs systemd-sysusers (Debian: systemd)." >&2; exit 1
fi
rm -f "$sysusers"
ids=$(awk -F: -v u="$user" '$1 == u { print $3 ":" $4 }' "$root/etc/passwd")
[ -n "$ids" ] || { echo "install.sh: $user is missing from $root/etc/passwd." >&2; exit 1; }
uid=${ids%:*} gid=${ids#*:}

echo "== folders"
install -d -m 0755 "$root/opt" "$root/usr/local/sbin" "$root/etc/systemd/system" "$root/var/lib"
install -d -m 0750 -o 0 -g "$gid" "$config_dir"
install -d -m 0750 -o "$uid" -g "$gid" "$state_dir"

echo "== $app_dir"
rm -rf "$app_dir.new" "$app_dir.previous"
cp -a "$publish" "$app_dir.new"
rm -f "$app_dir.new"/*.pdb "$app_dir.new/appsettings.Development.json"
chown -R 0:0 "$app_dir.new"
chmod -R u=rwX,go=rX "$app_dir.new"
rm -rf "$app_dir.new/App_Data"
ln -s "$state_dir" "$app_dir.new/App_Data"
ln -s "$config_dir/appsettings.Production.json" "$app_dir.new/appsettings.Production.json"
[ -d "$app_dir" ] && mv "$app_dir" "$app_dir.previous"
mv "$app_dir.new" "$app_dir"

echo "== settings in $config_dir"
if [ ! -e "$config_dir/appsettings.Production.json" ]; then
  fill "$here/appsettings.Production.example.json" >"$config_dir/appsettings.Production.json"
  chmod 0644 "$config_dir/appsettings.Production.json"
  echo "   appsettings.Production.json written from the example: set Issuer, Database, Hosting, Mail"
fi
if [ ! -e "$config_dir/meine-ihk.env" ]; then
  install -m 0640 -o 0 -g "$gid" "$here/meine-ihk.env.example" "$config_dir/meine-ihk.env"
  echo "   meine-ihk.env written from the example: set the connection string and passwords"
fi
[ -e "$config_dir/key-ring.pfx" ] || echo "   put the key ring's certificate at $config_dir/key-ring.pfx (0640 root:$user)"

fill "$here/meine-ihk.command" >"$root/usr/local/sbin/meine-ihk"
chmod 0755 "$root/usr/local/sbin/meine-ihk"
fill "$here/meine-ihk.service" >"$root/etc/systemd/system/meine-ihk.service"
chmod 0644 "$root/etc/systemd/system/meine-ihk.service"

if [ -n "$nginx" ]; then
  echo "== nginx site"
  install -d -m 0755 "$root/etc/nginx/sites-available" "$root/etc/nginx/sites-enabled"
  if [ ! -e "$root/etc/nginx/sites-available/meine-ihk.conf" ]; then
    install -m 0644 "$here/nginx-meine-ihk.conf" "$root/etc/nginx/sites-available/meine-ihk.conf"
    echo "   sites-available/meine-ihk.conf written: set the host name, certificate paths and nodes"
  fi
  ln -sfn ../sites-available/meine-ihk.conf "$root/etc/nginx/sites-enabled/meine-ihk.conf"
fi

if [ -z "$root" ]; then
  [ -d /run/systemd/system ] && systemctl daemon-reload
  if [ -n "$nginx" ] && command -v nginx >/dev/null 2>&1; then
    nginx -t || echo "   nginx -t failed: fix the site (certificate paths, host name) before reloading nginx" >&2
  fi
fi

cat <<DONE
Installed. Next (docs/operations.md, "Bare metal with systemd"):
  1. edit $config_dir/appsettings.Production.json and $config_dir/meine-ihk.env; add key-ring.pfx
  2. ${root:+$root}/usr/local/sbin/meine-ihk migrate
  3. systemctl enable --now meine-ihk && systemctl reload nginx
DONE
