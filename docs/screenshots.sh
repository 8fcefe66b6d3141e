#!/usr/bin/env bash
# Regenerates the README's screenshots in docs/screenshots/: the login, account and session pages in light and dark at
# 1280 px, on a 390 px phone, and in German. They are taken by the browser suite's ScreenshotTests (Debian's Chromium
# against the app on a real Kestrel, with Alice signed in on two other devices); ./test.sh installs Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1
SB_SCREENSHOTS="$PWD/docs/screenshots" dotnet test SessionBridge.Tests -c Release --filter "Category=Screenshots"
ls -1 docs/screenshots/*.png
