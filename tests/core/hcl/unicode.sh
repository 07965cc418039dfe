#!/bin/bash
# hubcred's Unicode rules must be HashiCorp's, checked against HashiCorp's
# own code (tests/tools/hcl-ident):
#   - identifiers: hcl-unicode-tool and hcl-ident list every code point
#     beyond ASCII accepted as a start and as a continuation of an
#     identifier, and the lists must be the same;
#   - columns: on thousands of strings mixing letters, combining marks,
#     emoji with skin tones and U+200D, flags and Hangul syllables, hubcred's
#     column count (which aligns "=" and comments) must be go-textseg's,
#     which `terraform fmt` uses.
set -u
src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
tool=$build/tests/core/hcl/hcl-unicode-tool

if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed (scripts/install-deps.sh --test)"
	exit 77
fi
hcl_ident=$(sh "$src/tests/tools/build-go-harness.sh" hcl-ident "$build/tools") || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

"$hcl_ident" >"$work/hcl" || { echo "FAIL: hcl-ident failed"; exit 1; }
"$tool" >"$work/hubcred" || { echo "FAIL: hcl-unicode-tool failed"; exit 1; }
if ! diff "$work/hcl" "$work/hubcred" >"$work/diff"; then
	echo "FAIL: identifier code points judged differently" \
	    "(< HCL, > hubcred):"
	head -n 20 "$work/diff"
	fails=$((fails + 1))
fi
echo "$(wc -l <"$work/hcl") identifier code points in HCL," \
    "$(wc -l <"$work/hubcred") in hubcred"

# Strings from a fixed seed: each of the pool's pieces is a code point or
# a short sequence that grapheme rules treat specially.
python3 - >"$work/strings" <<'PY'
import random

# Conjoining Hangul jamo are left out: see hcl_unicode_columns().
pool = [
    "a", "Z", "=", " ", "é", "\u0301", "\u0308", "\u093e", "\u0928",
    "\u200d", "\u200c", "\ufe0f", "\U0001f469", "\U0001f4bb",
    "\U0001f3fd", "\u2764", "\U0001f1eb", "\U0001f1f7", "\U0001f1e9",
    "\uac00", "\uac01", "\u0e33", "\u0600", "\u0903", "名", "\u00a9",
    "\U0001f600", "\U0001f44d", "\u0345", "\U000e0020", "\U000e007f",
    "\u05d0",
]
rng = random.Random(20261205)
for _ in range(20000):
    n = rng.randint(1, 8)
    print("".join(rng.choice(pool) for _ in range(n)))
PY
"$hcl_ident" columns <"$work/strings" >"$work/hcl-columns"
"$tool" columns <"$work/strings" >"$work/hubcred-columns"
paste "$work/hcl-columns" "$work/hubcred-columns" "$work/strings" |
	awk -F'\t' '$1 != $2' >"$work/column-diff"
if [ -s "$work/column-diff" ]; then
	echo "FAIL: $(wc -l <"$work/column-diff") strings counted" \
	    "differently (go-textseg, hubcred, string):"
	head -n 10 "$work/column-diff" | od -c | head -n 30
	fails=$((fails + 1))
fi
echo "$(wc -l <"$work/strings") strings counted"
[ "$fails" -eq 0 ]
