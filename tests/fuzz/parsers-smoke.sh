#!/bin/sh
# A short run of each parser fuzz target named as an argument (suite
# "fuzz"; default: answers aws-profile image-ref ratelimit arn):
# HUBCRED_FUZZ_SECONDS each (default 15). Skipped when clang is missing.
if ! command -v clang >/dev/null 2>&1; then
	echo "SKIP: clang is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
failed=0
targets=${*:-answers aws-profile image-ref ratelimit arn}
for target in $targets; do
	echo "== $target"
	sh "${HUBCRED_SOURCE_ROOT:?}/tests/fuzz/run.sh" "$target" \
		"${HUBCRED_FUZZ_SECONDS:-15}" > "${TMPDIR:-/tmp}/fuzz.$$" 2>&1
	status=$?
	grep -E '^(stat::|SUMMARY|==[0-9]+==|.*-fuzz\.c:[0-9]+:)' \
		"${TMPDIR:-/tmp}/fuzz.$$"
	if [ "$status" -ne 0 ]; then
		tail -n 40 "${TMPDIR:-/tmp}/fuzz.$$"
		echo "FAIL: $target exited $status"
		failed=1
	fi
	rm -f "${TMPDIR:-/tmp}/fuzz.$$"
done
[ "$failed" -eq 0 ] || exit 1
