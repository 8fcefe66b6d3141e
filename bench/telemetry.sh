#!/usr/bin/env bash
# The picture of docs/operations.md: a short load (about 15 s) against SessionBridge on a redis-server of its own, every
# SessionBridge measurement read in process with a MeterListener; prints the totals and writes docs/operations.png.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
command -v redis-server >/dev/null || { echo "bench/telemetry.sh needs redis-server" >&2; exit 1; }
dotnet build bench/Telemetry -c Release --nologo -v quiet -clp:ErrorsOnly
exec timeout --kill-after=20s 300s dotnet bench/Telemetry/bin/Release/net10.0/Telemetry.dll --repo "$PWD"
