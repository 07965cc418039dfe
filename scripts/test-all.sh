#!/bin/sh
# Build hubcred with warnings as errors and run every test.
# Runs from any folder; the build goes to build-test/ in the source tree.
set -eu
cd "$(dirname "$0")/.."

build=${HUBCRED_TEST_BUILD:-build-test}
if [ ! -d "$build" ]; then
	meson setup "$build" -Dwerror=true -Dtests=enabled
fi
ninja -C "$build"
# hclfmt (HashiCorp's formatter) is the oracle of the edit tests.
tests/tools/build-hclfmt.sh "$build/tools" >/dev/null
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
