#!/bin/bash
# The edit table: each tests/data/hcl/edits/cases/NAME.json runs its
# "edits" (see hcl-edit-tool.c) on inputs/INPUT, named by its "input",
# and the result must equal cases/NAME.tf byte for byte. Then HashiCorp's
# formatter judges the layout:
#   - an input that hclfmt leaves unchanged (fmt-clean) must give a
#     result that hclfmt leaves unchanged;
#   - any other input must give a result that parses, and the input
#     lines the edit replaced or removed must lie within the case's
#     "lines": [FIRST, LAST], so nothing outside the edit moves.
# A result equal to its input fails unless the case sets "unchanged".
# There must be at least 60 cases on fmt-clean inputs and 10 on others.
# With HUBCRED_UPDATE_EDITS=1 the expected files are written instead of
# compared, to be read and committed.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-edit-tool
data=$src/tests/data/hcl/edits

if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
hclfmt=$("$src/tests/tools/build-hclfmt.sh" "$build/tools") || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# field CASE.json KEY: a member of the case as text ("" when absent).
field() {
	python3 -c 'import json, sys
v = json.load(open(sys.argv[1])).get(sys.argv[2], "")
print(" ".join(map(str, v)) if isinstance(v, list) else v)' "$1" "$2"
}

# within INPUT RESULT FIRST LAST: whether every input line that the
# result replaces or drops is in FIRST..LAST (1-based), and every line
# the result adds goes in next to that range.
within() {
	python3 - "$@" <<'EOF'
import difflib, sys
a = open(sys.argv[1], "rb").read().split(b"\n")
b = open(sys.argv[2], "rb").read().split(b"\n")
first, last = int(sys.argv[3]), int(sys.argv[4])
for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b,
                                                autojunk=False).get_opcodes():
    if tag == "equal":
        continue
    # Input lines i1+1 .. i2 change; an insertion sits before i1+1.
    lo, hi = i1 + 1, max(i2, i1 + 1)
    if tag == "insert":
        ok = first <= lo <= last + 1
    else:
        ok = first <= lo and hi <= last
    if not ok:
        print(f"input lines {lo}-{hi} change ({tag}), outside "
              f"{first}-{last}")
        sys.exit(1)
EOF
}

nclean=0
nother=0
for spec in "$data"/cases/*.json; do
	name=$(basename "$spec" .json)
	input=$data/inputs/$(field "$spec" input)
	expect=$data/cases/$name.tf
	out=$work/$name.tf
	if ! "$tool" "$spec" "$input" >"$out" 2>"$work/err"; then
		fail "$name: $(cat "$work/err")"
		continue
	fi
	if [ "${HUBCRED_UPDATE_EDITS:-}" = 1 ]; then
		cp "$out" "$expect"
	elif ! cmp -s "$out" "$expect"; then
		fail "$name: result differs from $expect:"
		diff -u "$expect" "$out" | head -n 40
	fi
	if cmp -s "$out" "$input" && [ -z "$(field "$spec" unchanged)" ]; then
		fail "$name: the edit changed nothing"
	fi
	if "$hclfmt" -check -require-no-change "$input" >/dev/null 2>&1; then
		nclean=$((nclean + 1))
		"$hclfmt" -check -require-no-change "$out" >/dev/null 2>&1 ||
			fail "$name: not laid out as terraform fmt would:" \
			    "$("$hclfmt" -check -require-no-change "$out" 2>&1 |
			    head -n 5)"
		continue
	fi
	nother=$((nother + 1))
	"$hclfmt" -check "$out" >/dev/null 2>&1 ||
		fail "$name: the result does not parse"
	read -r first last <<<"$(field "$spec" lines)"
	if [ -z "${last:-}" ]; then
		fail "$name: the input is not fmt-clean and the case has no" \
		    "\"lines\""
		continue
	fi
	why=$(within "$input" "$out" "$first" "$last") ||
		fail "$name: $why"
done

if [ "$nclean" -lt 60 ] || [ "$nother" -lt 10 ]; then
	fail "too few cases: $nclean on fmt-clean inputs, $nother on others"
fi
echo "$nclean edits of fmt-clean inputs, $nother of others," \
    "$fails failures"
[ "$fails" -eq 0 ]
