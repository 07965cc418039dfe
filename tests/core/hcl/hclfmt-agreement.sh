#!/bin/bash
# hubcred's HCL parser and HashiCorp's (hclfmt -check) must give the same
# verdict on every file of tests/data/hcl/valid and tests/data/hcl/invalid,
# and hubcred's error must be the one recorded in the .err file next to
# each invalid input: "LINE:COLUMN: message start", plus the line
# "hclfmt: accepts" where only hubcred refuses (its nesting limit).
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-parse-tool
data=$src/tests/data/hcl

if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
hclfmt=$("$src/tests/tools/build-hclfmt.sh" "$build/tools") || exit 1

fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

nvalid=0
for f in "$data"/valid/*.tf; do
	nvalid=$((nvalid + 1))
	"$hclfmt" -check "$f" >/dev/null 2>&1 ||
	    fail "hclfmt refuses valid input $f"
	out=$("$tool" -c "$f")
	[ "$out" = "OK $f" ] || fail "hubcred refuses valid input: $out"
done

ninvalid=0
for f in "$data"/invalid/*.tf; do
	ninvalid=$((ninvalid + 1))
	expect=${f%.tf}.err
	if [ ! -f "$expect" ]; then
		fail "no $expect"
		continue
	fi
	want=$(head -n 1 "$expect")
	if grep -qx 'hclfmt: accepts' "$expect"; then
		"$hclfmt" -check "$f" >/dev/null 2>&1 ||
		    fail "hclfmt now refuses $f; drop 'hclfmt: accepts'"
	else
		"$hclfmt" -check "$f" >/dev/null 2>&1 &&
		    fail "hclfmt accepts invalid input $f"
	fi
	out=$("$tool" "$f")
	case $out in
	"$f:${want%%: *}: ${want#*: }"*)
		;;
	*)
		fail "$f: want '$want', got '$out'"
		;;
	esac
done

if [ "$nvalid" -lt 150 ] || [ "$ninvalid" -lt 60 ]; then
	fail "too few cases: $nvalid valid, $ninvalid invalid"
fi
echo "$nvalid valid and $ninvalid invalid inputs, $fails failures"
[ "$fails" -eq 0 ]
