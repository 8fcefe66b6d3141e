#!/usr/bin/env bash
# Runs the whole test suite: ./test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Foo]
# The last line printed is always "N passed, N failed, N skipped" (CI reads it).
set -euo pipefail
cd "$(dirname "$0")"

# Clean, predictable dotnet output; no MSBuild/compiler server lingering after the run
# (a leftover node holding our stdout can keep a CI pipe open).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

# --- 1. System tools the Redis and browser tests need (a fresh CI machine has neither). ---
have_redis() {
  command -v redis-server >/dev/null 2>&1 ||
    [[ -x /usr/bin/redis-server || -x /usr/sbin/redis-server || -x /usr/local/bin/redis-server ]]
}
have_chromium() { [[ -x /usr/bin/chromium ]]; }
have_java() { command -v java >/dev/null 2>&1; }

missing=()
have_redis || missing+=(redis-server)
have_chromium || missing+=(chromium fonts-liberation)
have_java || missing+=(default-jre-headless)
if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]]; then
    echo "test.sh: installing ${missing[*]} with apt-get"
    apt-get update -q
    # The package scripts may complain that they cannot start the redis service (no systemd here);
    # our tests start their own redis-server, so what matters is that the binaries exist afterwards.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
      echo "test.sh: apt-get install reported an error; checking whether the binaries are there anyway" >&2
    fi
    have_redis || { echo "test.sh: redis-server is still missing after apt-get install" >&2; exit 1; }
    have_chromium || { echo "test.sh: /usr/bin/chromium is still missing after apt-get install" >&2; exit 1; }
    have_java || { echo "test.sh: java is still missing after apt-get install" >&2; exit 1; }
  else
    echo "############################################################################" >&2
    echo "## test.sh: MISSING ${missing[*]} and not root, so not installing them." >&2
    echo "## Redis/browser tests will be SKIPPED (or FAIL when CI=true)." >&2
    echo "## Install: sudo apt-get install --no-install-recommends redis-server chromium default-jre-headless" >&2
    echo "############################################################################" >&2
  fi
fi

# The Nu HTML Checker for the HTML validity tests: the npm package vnu-jar (a jar run by java), pinned, into .tools/.
vnu_version=26.9.27
vnu_jar=.tools/node_modules/vnu-jar/build/dist/vnu.jar
if [[ ! -f "$vnu_jar" ]] || ! grep -q "\"version\": \"$vnu_version\"" .tools/node_modules/vnu-jar/package.json 2>/dev/null; then
  if command -v npm >/dev/null 2>&1; then
    echo "test.sh: installing vnu-jar@$vnu_version into .tools/ with npm"
    npm install --silent --no-audit --no-fund --prefix .tools "vnu-jar@$vnu_version" >/dev/null
  else
    echo "test.sh: npm not found: the HTML validity tests will be SKIPPED (or FAIL when CI=true)" >&2
  fi
fi

# --- 2. Run the tests, with a TRX report in a fresh directory so old results never count. ---
mkdir -p TestResults
results="$(mktemp -d "$PWD/TestResults/run.XXXXXX")"
rc=0
dotnet test SessionBridge.sln -c Release \
  --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=minimal" \
  --results-directory "$results" \
  "$@" || rc=$?

# --- 3. Totals from the TRX <Counters> element(s). ---
shopt -s globstar nullglob
trx_files=("$results"/**/*.trx)
if ((${#trx_files[@]} == 0)); then
  echo "test.sh: no TRX report in $results (build failed?); dotnet test exited $rc" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit $((rc == 0 ? 1 : rc))
fi
counter() { # sum attribute $1 of <Counters .../> over all reports (0 when absent)
  awk -v name="$1" '/<Counters / && match($0, " " name "=\"[0-9]+\"") {
    s += substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) } END { print s + 0 }' "${trx_files[@]}"
}
passed=$(counter passed)
failed=$(($(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted)))
# xunit's skipped tests appear only as outcome="NotExecuted" results: the notExecuted counter stays 0,
# but they are in total and not in executed.
skipped=$(($(counter total) - $(counter executed)))
# A crashed/aborted test host can leave a TRX with no failures while dotnet test fails: never print "0 failed" then.
if ((rc != 0 && failed == 0)); then failed=1; fi
# The console log may be long and CI may show only its tail: repeat each failure here, with its message, the frames
# of its stack trace that are in this repository, and the last lines of its output (its app logs; the console
# logger printed all of them above, and the TRX keeps them for every test).
awk -v root="$PWD/" -v tail=15 '
  /<UnitTestResult / && / outcome="(Failed|Error|Timeout|Aborted)"/ {
    match($0, / testName="[^"]*"/); print "FAILED: " substr($0, RSTART + 11, RLENGTH - 12)
    failing = 1; inmsg = 0; instack = 0; inout = 0; lines = 0; frames = 0; nout = 0; next }
  /<UnitTestResult / { failing = 0 }
  !failing { next }
  /<StdOut>/ { inout = 1 }
  inout { line = $0; sub(/^ *<StdOut>/, "", line); sub(/<\/StdOut>.*/, "", line); out[nout++ % tail] = line }
  /<\/StdOut>/ { inout = 0 }
  /<Message>/ { inmsg = 1 }
  inmsg && lines < 12 { line = $0; sub(/^ *<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "  " line; lines++ }
  /<\/Message>/ { inmsg = 0 }
  /<StackTrace>/ { instack = 1 }
  instack && index($0, " in " root) && frames < 3 { line = $0; sub(/^ *(<StackTrace>)? */, "    ", line); sub(/<\/StackTrace>.*/, "", line); print line; frames++ }
  /<\/StackTrace>/ { instack = 0 }
  /<\/UnitTestResult>/ {
    if (nout > 0) {
      first = nout > tail ? nout - tail : 0
      print "  its output, last " (nout - first) " of " nout " lines:"
      for (i = first; i < nout; i++) print "  | " out[i % tail]
    }
    failing = 0 }' "${trx_files[@]}" |
  sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&#xD;//g' -e 's/&#xA;//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
echo "test.sh: TRX report(s): ${trx_files[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
