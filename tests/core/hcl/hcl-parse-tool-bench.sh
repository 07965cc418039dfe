#!/bin/bash
# Checks the two parsers that bench/hcl-parse.sh times, hcl-parse-tool -b
# (hubcred) and tests/tools/hclwrite-parse (HashiCorp's hclwrite). Both
# must count the same bytes of the valid files and reject each invalid
# one. hclwrite-parse is built as the benchmark builds it, so the test
# is skipped without Go and the packaged HCL source.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-parse-tool
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

if ! command -v go >/dev/null 2>&1 ||
   [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclwrite ]; then
	echo "SKIP: needs golang-go and golang-github-hashicorp-hcl-v2-dev"
	exit 77
fi
if ! hclwrite=$(sh "$src/tests/tools/build-go-harness.sh" hclwrite-parse \
    "$build/tools"); then
	echo "FAIL: cannot build hclwrite-parse"
	exit 1
fi

find "$src/tests/data/hcl/valid" -name '*.tf' | sort >"$tmp/valid"
# HCL has no nesting limit, so it accepts these and hubcred rejects them.
find "$src/tests/data/hcl/invalid" -name '*.tf' -not -name '*too-deep*' |
	sort >"$tmp/invalid"
bytes=$(xargs cat <"$tmp/valid" | wc -c)

# Compare the byte count in the last line of OUT, which reads
# "parsed N bytes in S s: R MB/s", with the size of the valid files.
check_total() {
	local name=$1 out=$2 n

	n=$(tail -n 1 "$out" | sed -n 's/^parsed \([0-9]*\) bytes in .* MB\/s.*/\1/p')
	if [ "$n" != "$bytes" ]; then
		echo "FAIL: $name counted '${n}' bytes of the valid files," \
		    "not $bytes: $(tail -n 1 "$out")"
		fails=$((fails + 1))
	fi
}

if ! "$tool" -q -b -l "$tmp/valid" >"$tmp/hubcred.out"; then
	echo "FAIL: hcl-parse-tool -b rejects valid files:"
	cat "$tmp/hubcred.out"
	fails=$((fails + 1))
fi
check_total hcl-parse-tool "$tmp/hubcred.out"
if ! "$hclwrite" -q -l "$tmp/valid" >"$tmp/hclwrite.out" \
    2>"$tmp/hclwrite.err"; then
	echo "FAIL: hclwrite-parse rejects valid files:"
	cat "$tmp/hclwrite.err"
	fails=$((fails + 1))
fi
check_total hclwrite-parse "$tmp/hclwrite.out"

while read -r f; do
	"$tool" -q -b "$f" >"$tmp/one.out"
	rc=$?
	if [ "$rc" != 1 ] || ! grep -q "^$f:[0-9]*:[0-9]*: " "$tmp/one.out"
	then
		echo "FAIL: hcl-parse-tool -b gave status $rc for $f:"
		head -n 2 "$tmp/one.out"
		fails=$((fails + 1))
	fi
	"$hclwrite" -q "$f" >/dev/null 2>"$tmp/one.err"
	rc=$?
	if [ "$rc" != 1 ] || ! grep -q "^$f:[0-9]*," "$tmp/one.err"; then
		echo "FAIL: hclwrite-parse gave status $rc for $f:"
		head -n 2 "$tmp/one.err"
		fails=$((fails + 1))
	fi
done <"$tmp/invalid"

echo "$(wc -l <"$tmp/valid") valid and $(wc -l <"$tmp/invalid") invalid" \
	"files, $fails failures"
[ "$fails" = 0 ]
