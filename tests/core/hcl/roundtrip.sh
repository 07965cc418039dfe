#!/bin/bash
# Every Terraform file we have must parse, and its tokens plus the
# whitespace between them must be exactly its bytes: the files under
# tests/data and examples/, the acceptance cases (copied under
# tests/data/hcl/cases, and ../shared/cases when present), and 5,000
# generated files, a sample of which hclfmt must accept too.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-parse-tool
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# The known-bad inputs: the invalid corpus and case 27's main.tf.
list() {
	find "$@" -type f \( -name '*.tf' -o -name '*.tfvars' \) \
	    -not -path '*/tests/data/hcl/invalid/*' \
	    -not -path '*/27-malformed-hcl/input/main.tf' | sort
}

dirs=("$src/tests/data" "$src/examples")
if [ -d "$src/../shared/cases" ]; then
	dirs+=("$src/../shared/cases")
fi
list "${dirs[@]}" >"$tmp/files"
echo "$(wc -l <"$tmp/files") files from the tree and the cases"
if ! "$tool" -c -q -l "$tmp/files"; then
	echo "FAIL: files above do not round-trip"
	fails=$((fails + 1))
fi

# Case 27 must fail where Terraform says (or at the inner block).
for f in "$src/tests/data/hcl/cases/27-malformed-hcl/input/main.tf" \
    "$src/../shared/cases/27-malformed-hcl/input/main.tf"; do
	[ -f "$f" ] || continue
	out=$("$tool" "$f")
	case $out in
	"$f:5:"*"Unclosed configuration block"* | \
	"$f:13:"*"Unclosed configuration block"*)
		;;
	*)
		echo "FAIL: case 27: $out"
		fails=$((fails + 1))
		;;
	esac
done

python3 "$src/tests/tools/gen-hcl-corpus.py" 5000 "$tmp/gen" || exit 1
find "$tmp/gen" -name '*.tf' | sort >"$tmp/gen.list"
if ! "$tool" -c -q -b -l "$tmp/gen.list"; then
	echo "FAIL: generated files do not round-trip"
	fails=$((fails + 1))
fi
if command -v go >/dev/null 2>&1; then
	hclfmt=$("$src/tests/tools/build-hclfmt.sh" "$build/tools") || exit 1
	# Every tenth file keeps this fast (hclfmt also formats each one);
	# -check exits 1 if any of them fails.
	awk 'NR % 10 == 1' "$tmp/gen.list" >"$tmp/sample.list"
	if ! xargs "$hclfmt" -check <"$tmp/sample.list" >/dev/null \
	    2>"$tmp/err"; then
		head -20 "$tmp/err"
		echo "FAIL: hclfmt refuses generated files"
		fails=$((fails + 1))
	fi
fi
[ "$fails" -eq 0 ]
