#!/bin/bash
# hubcred's lexer must accept in identifiers exactly the code points
# beyond ASCII that HashiCorp's HCL accepts: hcl-ident-tool (hubcred)
# and tests/tools/hcl-ident (HCL) list every one, as a start and as a
# continuation, and the lists must be the same.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}

if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
hcl_ident=$("$src/tests/tools/build-hcl-ident.sh" "$build/tools") || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$hcl_ident" >"$work/hcl" || { echo "FAIL: hcl-ident failed"; exit 1; }
"$build/tests/core/hcl/hcl-ident-tool" >"$work/hubcred" ||
	{ echo "FAIL: hcl-ident-tool failed"; exit 1; }
fails=0
if ! diff "$work/hcl" "$work/hubcred" >"$work/diff"; then
	echo "FAIL: code points judged differently (< HCL, > hubcred):"
	head -n 20 "$work/diff"
	fails=1
fi
echo "$(wc -l <"$work/hcl") identifier code points in HCL," \
    "$(wc -l <"$work/hubcred") in hubcred"
[ "$fails" -eq 0 ]
