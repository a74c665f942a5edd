#!/usr/bin/env bash
# Starts meine ihk for a first look: the identity provider and the sample Fachanwendung on localhost,
# SQLite with demo data. Needs only the .NET SDK. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"

export ASPNETCORE_ENVIRONMENT=Development
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

dotnet build MeineIhk.sln -c Debug -v quiet -nologo

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

dotnet run --no-build --project src/IdentityProvider --urls http://localhost:5000 &
pids+=($!)
for _ in $(seq 1 120); do
  (exec 3<>/dev/tcp/127.0.0.1/5000) 2>/dev/null && break
  sleep 0.5
done

dotnet run --no-build --project src/SampleFachanwendung --urls http://localhost:5002 &
pids+=($!)
sleep 2

cat <<MSG

  meine ihk (Identity Provider):      http://localhost:5000/
  Digitales Berichtsheft (Beispiel):  http://localhost:5002/
  Demo-Anmeldungen: azubi, ausbilder, ohnerolle, unternehmensadmin, kammer (IHK Aachen), antrag (Passwort siehe oben, Demo:Password)

MSG
wait
