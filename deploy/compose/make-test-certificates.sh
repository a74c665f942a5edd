#!/usr/bin/env bash
# For trying the compose set-up: a self-signed TLS certificate for PUBLIC_HOST (certs/tls.crt, tls.key) and a
# certificate for the Data Protection key ring (secrets/key-ring.pfx, protected with KEY_RING_PASSWORD), both from
# .env. In production use your CA's TLS certificate and a key-ring certificate from your secret store.
set -euo pipefail
cd "$(dirname "$0")"
[ -f .env ] || { echo "Copy example.env to .env and set its values first." >&2; exit 1; }
set -a; . ./.env; set +a
mkdir -p certs secrets
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$PUBLIC_HOST" -addext "subjectAltName=DNS:$PUBLIC_HOST" \
  -keyout certs/tls.key -out certs/tls.crt 2>/dev/null
key=$(mktemp)
trap 'rm -f "$key" "$key.crt"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=meine-ihk key ring" -keyout "$key" -out "$key.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$key" -in "$key.crt" -out secrets/key-ring.pfx -passout env:KEY_RING_PASSWORD
chmod 0644 secrets/key-ring.pfx # read by the nodes' user 10001 through the compose secret (a bind mount)
echo "certs/tls.crt, certs/tls.key and secrets/key-ring.pfx written."
