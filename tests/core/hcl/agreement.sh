#!/bin/bash
# hubcred's HCL parser and HashiCorp's must give the same verdict on every
# file of tests/data/hcl/valid and tests/data/hcl/invalid. HashiCorp's
# parser is asked twice: as hclfmt -check, built from Debian's HCL 2.14,
# and through @cdktf/hcl2json from npm, a newer HCL built to WebAssembly
# (tests/tools/hcl2json). hubcred's error must be the one recorded in the
# .err file next to each invalid input: "LINE:COLUMN: message start",
# plus the line "hclfmt: accepts" where only hubcred refuses (its nesting
# limit). hubcred and hcl2json must also accept the Terraform 1.8 syntax
# in tests/data/hcl/extensions, which HCL 2.14 lacks.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-parse-tool
data=$src/tests/data/hcl

if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
hcl2json=$src/tests/tools/hcl2json
if [ ! -d "$hcl2json/node_modules/@cdktf/hcl2json" ]; then
	echo "FAIL: @cdktf/hcl2json is not installed: run" \
	    "scripts/install-deps.sh --test, or npm ci in $hcl2json"
	exit 1
fi
hclfmt=$("$src/tests/tools/build-hclfmt.sh" "$build/tools") || exit 1

# One node process prints every verdict: "OK FILE", "ERROR FILE: ...", or
# "NOT-UTF8 FILE" for an input whose bytes a JavaScript string cannot carry.
declare -A js
while read -r verdict rest; do
	js[${rest%%: *}]=$verdict
done < <(node "$hcl2json/verdict.js" "$data"/valid/*.tf \
    "$data"/invalid/*.tf "$data"/extensions/*.tf)
[ "${#js[@]}" -gt 0 ] || { echo "FAIL: no verdicts from hcl2json"; exit 1; }

fails=0
nbytes=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

nvalid=0
for f in "$data"/valid/*.tf; do
	nvalid=$((nvalid + 1))
	"$hclfmt" -check "$f" >/dev/null 2>&1 ||
	    fail "hclfmt refuses valid input $f"
	[ "${js[$f]:-}" = OK ] || fail "hcl2json refuses valid input $f"
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
		[ "${js[$f]:-}" = OK ] ||
		    fail "hcl2json now refuses $f; drop 'hclfmt: accepts'"
	else
		"$hclfmt" -check "$f" >/dev/null 2>&1 &&
		    fail "hclfmt accepts invalid input $f"
		case ${js[$f]:-} in
		ERROR)
			;;
		NOT-UTF8)
			nbytes=$((nbytes + 1))
			;;
		*)
			fail "hcl2json accepts invalid input $f"
			;;
		esac
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

# Syntax newer than HCL 2.14, which hubcred and hcl2json accept.
next=0
for f in "$data"/extensions/*.tf; do
	next=$((next + 1))
	[ "${js[$f]:-}" = OK ] || fail "hcl2json refuses $f"
	out=$("$tool" -c "$f")
	[ "$out" = "OK $f" ] || fail "hubcred refuses $f: $out"
done

if [ "$nvalid" -lt 150 ] || [ "$ninvalid" -lt 60 ]; then
	fail "too few cases: $nvalid valid, $ninvalid invalid"
fi
echo "$nvalid valid and $ninvalid invalid inputs, $next of newer" \
    "syntax, $fails failures; hcl2json could not be given $nbytes" \
    "inputs that are not UTF-8 (hclfmt judged them)"
[ "$fails" -eq 0 ]
