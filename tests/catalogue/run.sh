#!/bin/bash
# The bad-input catalogue: every row of cases.tsv sets up one malformed
# input in a fresh copy of examples/classic, runs one hubcred command on
# it and checks the exit status, the error text, that the command
# neither crashed nor hung nor tripped a sanitizer, and that no file in
# the root changed and no stray file appeared.
#
# cases.tsv has one row per case, tab-separated:
#   NAME  COMMAND  STATUS  REGEX  SETUP
# COMMAND is hubcred's arguments, with ROOT for the root and A for the
# answers file (a valid answers file for the root unless SETUP changes
# it). STATUS is the exit status, or several joined by '|'. REGEX is an
# extended regular expression the output must match. SETUP is bash run
# in the root with the helpers below; "-" for none.
#   tests/catalogue/run.sh [NAME-PATTERN]  runs the rows whose name
# matches (grep -E), all by default.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
hubcred=${HUBCRED:?}
only=${1:-.}

work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state HOME=$work/home
unset TERM DOCKERHUB_TOKEN DOCKERHUB_USERNAME AWS_PROFILE
# A run that reaches AWS goes nowhere: nothing listens there.
export AWS_ACCESS_KEY_ID=AKIDCATALOGUE AWS_SECRET_ACCESS_KEY=catalogue
export AWS_ENDPOINT_URL=https://127.0.0.1:9 AWS_REGION=eu-west-1
export HUBCRED_DOCKERHUB_AUTH_URL=https://127.0.0.1:9
export HUBCRED_DOCKERHUB_REGISTRY_URL=https://127.0.0.1:9
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# A command that takes longer than this hangs.
limit=${HUBCRED_CATALOGUE_TIMEOUT:-60}
# A clear error is short: more output than this is a dump.
max_output=65536

root=$work/root
A=$work/answers.json
failures=0
ran=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# --- helpers for SETUP -------------------------------------------------

# The answers file the rows start from: valid for examples/classic.
base_answers() {
	cat > "$A" <<'JSON'
{
  "hubcred_answers": 1,
  "project": "aws_codebuild_project.builder",
  "secret": {
    "action": "use",
    "arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-Ab12Cd"
  },
  "variable": "docker_hub_secret_arn",
  "tfvars": "terraform.tfvars",
  "policy": "aws_iam_role_policy.codebuild",
  "hunks": "all"
}
JSON
}

# aset KEY JSON: set KEY (a.b for a member of an object) of the answers
# file to the JSON value; adel KEY removes it.
aset() {
	python3 - "$A" "$1" "$2" <<'PY'
import json, sys
path, key, value = sys.argv[1:]
doc = json.load(open(path))
*parents, last = key.split(".")
node = doc
for p in parents:
    node = node[p]
node[last] = json.loads(value)
json.dump(doc, open(path, "w"), indent=2)
PY
}

adel() {
	python3 - "$A" "$1" <<'PY'
import json, sys
path, key = sys.argv[1:]
doc = json.load(open(path))
*parents, last = key.split(".")
node = doc
for p in parents:
    node = node[p]
del node[last]
json.dump(doc, open(path, "w"), indent=2)
PY
}

# abig KEY BYTES: set KEY of the answers file to a string of BYTES a's.
abig() {
	python3 - "$A" "$1" "$2" <<'PY'
import json, sys
path, key, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = json.load(open(path))
*parents, last = key.split(".")
node = doc
for p in parents:
    node = node[p]
node[last] = "a" * size
json.dump(doc, open(path, "w"))
PY
}

# feed_fifo FILE FIFO: write FILE into FIFO from the background, giving
# up after a minute when nobody opens the FIFO.
feed_fifo() {
	timeout 60 sh -c 'cat "$1" > "$2"' feed "$1" "$2" \
		> /dev/null 2>&1 &
}

# put FILE FORMAT [ARG...]: write printf FORMAT into FILE.
put() {
	local file=$1

	shift
	# shellcheck disable=SC2059
	printf "$@" > "$file"
}

# cut_at FILE PATTERN [BYTES]: keep FILE up to the first line matching
# PATTERN plus BYTES bytes of that line (default: the whole line).
cut_at() {
	python3 - "$@" <<'PY'
import re, sys
path, pattern = sys.argv[1], sys.argv[2]
text = open(path, "rb").read()
m = re.search(pattern.encode(), text, re.M)
end = m.start() + (int(sys.argv[3]) if len(sys.argv) > 3 else
    len(m.group(0)))
open(path, "wb").write(text[:end])
PY
}

# nest FILE OPEN CLOSE DEPTH: a locals block whose value is DEPTH levels
# of OPEN ... CLOSE around 1.
nest() {
	python3 - "$@" <<'PY'
import sys
path, op, cl, depth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(path, "w") as f:
    f.write("locals {\n  deep = " + op * depth + "1" + cl * depth + "\n}\n")
PY
}

# --- the run -----------------------------------------------------------

# "path type mode hash-or-target" for everything below a folder; never
# reads a file that is not regular (a FIFO would block).
snapshot() {
	(cd "$1" && find . -printf '%p %y %m %l\n' | sort | while read -r p t m l; do
		case $t in
		f) printf '%s f %s %s\n' "$p" "$m" \
			"$(sha256sum < "$p" | cut -c1-64)" ;;
		*) printf '%s %s %s %s\n' "$p" "$t" "$m" "$l" ;;
		esac
	done)
}

# The files beside the root, less this script's own (state and home
# are hubcred's XDG folders, where it may keep a log or a lock).
listing() {
	ls -A "$work" | grep -vxE 'out|before|after|list\.before|setup\.log|state|home'
}

run_row() {
	local name=$1 command=$2 status=$3 regex=$4 setup=$5
	local -a args
	local got word s ok

	rm -rf "$root" "$A" "$A.src" "$work/outside"
	chmod -R u+rwx "$work" 2>/dev/null
	cp -a "$src/examples/classic" "$root"
	base_answers
	if [ "$setup" != "-" ]; then
		if ! (cd "$root" && eval "$setup") > "$work/setup.log" 2>&1
		then
			fail "$name: setup failed: $(head -c 300 \
				"$work/setup.log")"
			return
		fi
	fi
	snapshot "$root" > "$work/before"
	listing > "$work/list.before"
	args=()
	for word in $command; do
		case $word in
		ROOT | ROOT/*) args+=("$root${word#ROOT}") ;;
		A) args+=("$A") ;;
		*) args+=("$word") ;;
		esac
	done
	(cd "$work" && timeout -k 5 "$limit" "$hubcred" "${args[@]}") \
		< /dev/null > "$work/out" 2>&1
	got=$?
	ran=$((ran + 1))
	if [ "$got" -eq 124 ] || [ "$got" -eq 137 ]; then
		fail "$name: hung (killed after ${limit}s)"
	elif [ "$got" -ge 128 ]; then
		fail "$name: crashed with status $got:" \
			"$(tail -c 1500 "$work/out")"
	fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|==[0-9]+==ERROR' \
		"$work/out"; then
		fail "$name: sanitizer report:" "$(head -c 3000 "$work/out")"
	fi
	ok=0
	IFS='|' read -ra s <<< "$status"
	for word in "${s[@]}"; do
		[ "$word" = "?" ] || [ "$got" -eq "$word" ] && ok=1
	done
	[ "$ok" -eq 1 ] || fail "$name: exit status $got, expected" \
		"$status: $(head -c 800 "$work/out")"
	grep -qE -- "$regex" "$work/out" ||
		fail "$name: output lacks /$regex/: $(head -c 800 "$work/out")"
	[ "$(stat -c %s "$work/out")" -le "$max_output" ] ||
		fail "$name: $(stat -c %s "$work/out") bytes of output"
	snapshot "$root" > "$work/after"
	if ! cmp -s "$work/before" "$work/after"; then
		fail "$name: the root changed: $(diff "$work/before" \
			"$work/after" | head -n 10)"
	fi
	if ! listing | cmp -s "$work/list.before" -; then
		fail "$name: stray files beside the root:" \
			"$(listing | diff "$work/list.before" - | head -n 5)"
	fi
	if [ -n "${HUBCRED_CATALOGUE_VERBOSE:-}" ]; then
		echo "--- $name: status $got"
		head -c 600 "$work/out"
		echo
	fi
}

while IFS=$'\t' read -r name command status regex setup; do
	case $name in
	'' | '#'*) continue ;;
	esac
	echo "$name" | grep -qE -- "$only" || continue
	run_row "$name" "$command" "$status" "$regex" "${setup:--}"
done < "$src/tests/catalogue/cases.tsv"

echo "$ran cases, $failures failures"
[ "$ran" -gt 0 ] || exit 1
[ "$failures" -eq 0 ]
