#!/bin/sh
# meine-ihk COMMAND [ARGS]: runs an operator command (migrate, import-chambers, create-platform-admin, …; --help
# lists them) with the service's configuration, from any folder: the installation is the working folder (its
# appsettings*.json, relative paths), the service's environment file supplies the secrets, and as root the command
# runs as the service user. Installed by install.sh with the @…@ paths filled in.
set -eu
app_dir='@APP_DIR@'
env_file='@CONFIG_DIR@/meine-ihk.env'
passwd_file='@ROOT@/etc/passwd'

if [ -r "$env_file" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    # shellcheck disable=SC2163 # the line is NAME=value
    export "$line"
  done <"$env_file"
elif [ -e "$env_file" ]; then
  echo "meine-ihk: $env_file is not readable: run as root or as a member of the group @USER@." >&2
  exit 1
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 HOME='@STATE_DIR@'

cd "$app_dir"
if [ "$(id -u)" = 0 ]; then
  ids=$(awk -F: '$1 == "@USER@" { print $3 ":" $4 }' "$passwd_file")
  [ -n "$ids" ] || { echo "meine-ihk: the user @USER@ is missing from $passwd_file (install.sh creates it)." >&2; exit 1; }
  exec setpriv --reuid="${ids%:*}" --regid="${ids#*:}" --clear-groups -- '@DOTNET@' "$app_dir/MeineIhk.IdentityProvider.dll" "$@"
fi
exec '@DOTNET@' "$app_dir/MeineIhk.IdentityProvider.dll" "$@"
