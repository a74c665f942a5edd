#!/bin/sh
# Takes the manual's pictures anew: starts the demo (provider and sample application with the demo data, as the
# tests start it) and photographs the real pages in Debian's chromium into docs/handbuch/bilder/*.png.
# Usage: docs/handbuch/bilder.sh [--no-build]
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "${1:-}" != "--no-build" ]; then
    dotnet build tests/MeineIhk.Tests -c Release -v quiet -nologo
fi
HANDBUCH_BILDER="$root/docs/handbuch/bilder" dotnet test tests/MeineIhk.Tests -c Release --no-build \
    --filter "FullyQualifiedName~Guide.HandbookPictureTests.The_picture_command_runs"
ls -l "$root/docs/handbuch/bilder"
