#!/bin/bash
# Test gcore-check.sh against canary-holder. A canary in a guarded secret
# or moved out of the environment must not be found. A canary on the plain
# heap, base64-encoded on the heap, or left in the environment must be.
set -u

build=${HUBCRED_BUILD_ROOT:?}
source_root=${HUBCRED_SOURCE_ROOT:?}
holder=$build/tests/secrets/canary-holder
check=$source_root/tests/secrets/gcore-check.sh

if ! command -v gcore >/dev/null; then
	echo "SKIP: gcore not installed (scripts/install-deps.sh --test)"
	exit 77
fi
[ -x "$holder" ] || { echo "FAIL: $holder not built"; exit 1; }

# As root the holder is hardened like hubcred, which also shows gcore
# still attaches to a non-dumpable process with CAP_SYS_PTRACE.
harden=()
if [ "$(id -u)" = 0 ]; then
	harden=(--harden)
fi

work=$(mktemp -d)
holder_pid=
cleanup() {
	if [ -n "$holder_pid" ]; then
		kill "$holder_pid" 2>/dev/null
		wait "$holder_pid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT

canary=hcCanary$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# start_holder MODE: run the holder with the canary on stdin (never argv).
start_holder() {
	local mode=$1 i

	: >"$work/out"
	if [ "$mode" = env ] || [ "$mode" = take-env ]; then
		HUBCRED_CANARY=$canary "$holder" "${harden[@]}" "$mode" \
			</dev/null >"$work/out" 2>&1 &
	else
		printf '%s' "$canary" |
			"$holder" "${harden[@]}" "$mode" >"$work/out" 2>&1 &
	fi
	holder_pid=$!
	for i in $(seq 50); do
		grep -q '^ready$' "$work/out" && return 0
		sleep 0.1
	done
	fail "$mode: holder not ready: $(cat "$work/out")"
	return 1
}

stop_holder() {
	kill "$holder_pid" 2>/dev/null
	wait "$holder_pid" 2>/dev/null
	holder_pid=
}

# expect MODE STATUS [PATTERN...]: check exits with STATUS and its output
# has every PATTERN.
expect() {
	local mode=$1 want=$2 rc pattern
	shift 2

	start_holder "$mode" || return
	bash "$check" "$holder_pid" "$canary" >"$work/report" 2>&1
	rc=$?
	stop_holder
	if [ "$rc" != "$want" ]; then
		fail "$mode: gcore-check exited $rc, expected $want"
		sed 's/^/  /' "$work/report"
		return
	fi
	for pattern in "$@"; do
		grep -q -- "$pattern" "$work/report" ||
			fail "$mode: report lacks '$pattern'"
	done
	echo "ok: $mode (exit $rc)"
	sed 's/^/  /' "$work/report"
}

expect guarded 0
expect take-env 0
expect heap 1 "as raw in core"
expect heap-base64 1 "as base64 (shift"
expect env 1 "as raw in /proc/[0-9]*/environ"

# The base64 case must find only the encoded form.
start_holder heap-base64 && {
	bash "$check" "$holder_pid" "$canary" >"$work/report" 2>&1
	grep -q "as raw" "$work/report" &&
		fail "heap-base64: plain canary left behind"
	stop_holder
}

bash "$check" 999999999 "$canary" >/dev/null 2>&1
[ $? = 2 ] || fail "no such process: expected exit 2"
bash "$check" $$ short >/dev/null 2>&1
[ $? = 2 ] || fail "short canary: expected exit 2"

[ "$failures" = 0 ] || exit 1
echo "all gcore-check cases passed"
