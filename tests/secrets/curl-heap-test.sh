#!/bin/bash
# Check that no copy of a canary is left after a SigV4-signed POST over
# HTTP and HTTPS, when the wiping allocators are installed. The password,
# the token header and the body carry the canary. The --no-wipe runs are
# the control, so there the canary must be found.
set -u

build=${HUBCRED_BUILD_ROOT:?}
source_root=${HUBCRED_SOURCE_ROOT:?}
holder=$build/tests/secrets/curl-holder
check=$source_root/tests/secrets/gcore-check.sh
server=$source_root/tests/secrets/post-server.py

for tool in gcore openssl python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool not installed (scripts/install-deps.sh --test)"
		exit 77
	fi
done
[ -x "$holder" ] || { echo "FAIL: $holder not built"; exit 1; }

# meson sets MALLOC_PERTURB_, which makes glibc fill some freed chunks
# itself. Unset, it cannot hide a missing wipe or weaken the control.
unset MALLOC_PERTURB_

work=$(mktemp -d)
server_pid=
holder_pid=
cleanup() {
	local pid

	for pid in $holder_pid $server_pid; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# start_server [CERT KEY]: run post-server.py and set port.
start_server() {
	local i

	python3 "$server" "$@" >"$work/port" 2>"$work/server.err" &
	server_pid=$!
	for i in $(seq 50); do
		port=$(head -n 1 "$work/port")
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "FAIL: server did not start: $(cat "$work/server.err")"
	exit 1
}

stop_server() {
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	server_pid=
}

# expect NAME STATUS HOLDER-ARGS...: run the holder, then gcore-check.
expect() {
	local name=$1 want=$2 i rc
	shift 2

	: >"$work/out"
	printf '%s' "$canary" | "$holder" "$@" >"$work/out" 2>&1 &
	holder_pid=$!
	for i in $(seq 100); do
		grep -q '^ready$' "$work/out" && break
		kill -0 "$holder_pid" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q '^ready$' "$work/out"; then
		fail "$name: holder failed: $(cat "$work/out")"
		return
	fi
	bash "$check" "$holder_pid" "$canary" >"$work/report" 2>&1
	rc=$?
	kill "$holder_pid" 2>/dev/null
	wait "$holder_pid" 2>/dev/null
	holder_pid=
	if [ "$rc" = "$want" ]; then
		echo "ok: $name (exit $rc)"
	else
		fail "$name: gcore-check exited $rc, expected $want"
	fi
	sed 's/^/  /' "$work/report"
}

canary=hcCanary$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

start_server
expect "http, wiping allocators" 0 "http://127.0.0.1:$port/"
expect "http, libc allocators" 1 --no-wipe "http://127.0.0.1:$port/"
stop_server

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" \
	-out "$work/cert.pem" 2>"$work/openssl.err" ||
	{ echo "FAIL: openssl req: $(cat "$work/openssl.err")"; exit 1; }
start_server "$work/cert.pem" "$work/key.pem"
expect "https, wiping allocators" 0 --cacert "$work/cert.pem" \
	"https://127.0.0.1:$port/"
expect "https, libc allocators" 1 --no-wipe --cacert "$work/cert.pem" \
	"https://127.0.0.1:$port/"
stop_server

[ "$failures" = 0 ] || exit 1
echo "all library-heap cases passed"
