#!/bin/bash
# hubcred under valgrind (suite "valgrind"): replay --dry-run of every
# shared acceptance case and scan of each example, with no memory error
# and no definite leak. Skipped without valgrind, without the cases for
# the replays, and in sanitizer builds.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
if ! command -v valgrind > /dev/null 2>&1; then
	echo "SKIP: valgrind is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
if [ -n "${HUBCRED_SANITIZE:-}" ]; then
	echo "SKIP: a sanitizer build does not run under valgrind"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state HOME=$work/home
unset TERM DOCKERHUB_TOKEN
failures=0
ran=0

vg() {
	local name=$1

	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite "$HUBCRED" "$@" \
		< /dev/null > "$work/out" 2>&1
	local got=$?
	ran=$((ran + 1))
	if [ "$got" -eq 99 ] || [ "$got" -ge 128 ] ||
		grep -q '^==[0-9]*==' "$work/out"; then
		echo "FAIL: $name: status $got"
		grep -A30 '^==[0-9]*==' "$work/out" | head -n 60
		failures=$((failures + 1))
	else
		echo "ok: $name (status $got)"
	fi
}

for ex in "$src"/examples/*/; do
	vg "scan $(basename "$ex")" scan -C "$ex"
done
cases=${HUBCRED_SHARED_CASES:-$src/../shared/cases}
if [ -d "$cases" ]; then
	for c in "$cases"/*/; do
		[ -f "$c/answers.json" ] || continue
		rm -rf "$work/case"
		cp -a "$c" "$work/case"
		vg "replay $(basename "$c")" replay "$work/case/answers.json" \
			-C "$work/case/input" --dry-run
	done
else
	echo "shared cases not found at $cases: scans only"
fi
# The whole non-interactive path: Docker Hub check, CreateSecret over
# TLS against the loopback fakes, and the journaled apply.
. "$src/tests/fakes/lib.sh"
trap 'aws_fake_stop; dockerhub_fake_stop; rm -rf "$work"' EXIT
if aws_fake_start > /dev/null; then
	printf '{"users": {"example-user": "vg-token"},
	  "repos": {"library/node": {"tags": ["20-bookworm"]}}}\n' \
		> "$work/dockerhub.json"
	dockerhub_fake_start "$work/dockerhub.json" > /dev/null
	rm -rf "$work/modern"
	cp -a "$src/examples/modern" "$work/modern"
	printf '{"hubcred_answers": 1, "project": "aws_codebuild_project.tests",
	  "dockerhub_username": "example-user",
	  "secret": {"action": "create", "name": "ci/dockerhub",
	             "region": "eu-west-1"}}\n' > "$work/create.json"
	DOCKERHUB_TOKEN=vg-token vg "replay create and apply" replay \
		"$work/create.json" -C "$work/modern" --yes
	grep -q 'applied: 4 files written' "$work/out" || {
		echo "FAIL: replay create and apply: $(head -c 400 "$work/out")"
		failures=$((failures + 1))
	}
else
	echo "FAIL: the AWS fake did not start"
	failures=$((failures + 1))
fi
echo "$ran runs, $failures failures"
[ "$failures" -eq 0 ]
