#!/usr/bin/env bash
# The benchmark: builds Release, starts redis-server, a Redis Cluster and the apps on free loopback ports, measures
# every case round-robin with wrk, and writes docs/benchmarks.md and docs/benchmarks.png. Stops by itself in under
# 10 minutes.
# Arguments go to the runner: --rounds N, --seconds S, --warmup S, --connections C, --scale, --no-docs (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

for tool in wrk redis-server redis-cli dotnet; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (Debian: apt-get install wrk redis-server)" >&2; exit 1; }
done

for project in SessionBridge.Web bench/Baseline bench/Runner; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
done

# The default run stays under 10 minutes with its build: the runner gets what the build left of 580 s; --scale adds
# the 1k-vs-1M read and gets 880 s, as does --telemetry. timeout signals the runner's whole process group, so the servers it started stop too.
budget=580
for argument in "$@"; do case "$argument" in --scale|--telemetry) budget=880 ;; esac; done
limit="$((budget - SECONDS))s"
exec timeout --kill-after=20s "$limit" dotnet bench/Runner/bin/Release/net10.0/Runner.dll --repo "$PWD" "$@"
