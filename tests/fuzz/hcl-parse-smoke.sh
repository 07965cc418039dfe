#!/bin/sh
# A 30-second run of the HCL parser fuzz target (suite "fuzz"); skipped
# when clang is not installed.
if ! command -v clang >/dev/null 2>&1; then
	echo "SKIP: clang is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
exec sh "${HUBCRED_SOURCE_ROOT:?}/tests/fuzz/run.sh" hcl-parse \
	"${HUBCRED_FUZZ_SECONDS:-30}"
