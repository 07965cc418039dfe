#!/bin/bash
# The parser takes shortcuts for common shapes (a plain string, a name
# like var.x followed by a newline); hcl-parse-tool -S turns them off.
# On every Terraform file we have, the invalid corpus and 3,000
# generated files, both ways must print the same tree, or the same
# error.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-parse-tool
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dirs=("$src/tests/data" "$src/examples")
if [ -d "$src/../shared/cases" ]; then
	dirs+=("$src/../shared/cases")
fi
python3 "$src/tests/tools/gen-hcl-corpus.py" 3000 "$tmp/gen" --seed 11 \
	>/dev/null || exit 1
find "${dirs[@]}" "$tmp/gen" -type f \( -name '*.tf' -o -name '*.tfvars' \) |
	sort >"$tmp/files"

# Exit statuses differ only when one parser fails where the other does
# not, which the dumps show as well.
"$tool" -T -l "$tmp/files" >"$tmp/fast" 2>&1
"$tool" -S -T -l "$tmp/files" >"$tmp/full" 2>&1
if ! cmp -s "$tmp/fast" "$tmp/full"; then
	echo "FAIL: the trees differ with and without the shortcuts:"
	diff "$tmp/full" "$tmp/fast" | head -40
	exit 1
fi
if ! grep -q TRAVERSAL "$tmp/fast"; then
	echo "FAIL: the dumps hold no tree to compare"
	exit 1
fi
echo "$(wc -l <"$tmp/files") files, $(wc -l <"$tmp/fast") lines of" \
	"tree: the same with and without the shortcuts"
